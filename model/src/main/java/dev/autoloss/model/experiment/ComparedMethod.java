package dev.autoloss.model.experiment;

import dev.autoloss.model.search.Method;
import dev.autoloss.model.train.ControllerFile;

/**
 * One column of an experiment: a name, the trainer's method, and for the transfer study a controller that the
 * method trains with, frozen, instead of searching its own.
 *
 * @param frozen the controller loaded and kept fixed, or null
 */
record ComparedMethod(String name, Method method, ControllerFile frozen) {}
