package dev.autoloss.model.study;

/** Told of a study's progress, e.g. to print a line per run. */
public interface StudyListener {

    /** Run {@code run} of {@code runs} (1-based) has finished. */
    void runFinished(int run, int runs, StudyCondition condition, String method, StudyRunResult result);
}
