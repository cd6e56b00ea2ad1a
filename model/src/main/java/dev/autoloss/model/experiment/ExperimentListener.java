package dev.autoloss.model.experiment;

/** Follows an experiment as it runs, for progress displays. Runs are numbered 1..runs. */
public interface ExperimentListener {

    default void runStarted(int run, int runs, String method, long seed) {}

    default void epochFinished(int run, int runs, String method, long seed, int epoch, double validationAuc) {}

    default void runFinished(int run, int runs, RunResult result) {}
}
