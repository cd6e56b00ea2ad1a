package dev.autoloss.jobs.drill;

import java.util.List;

/** The train flags of a drill's job: a small model and short intervals, so that a drill takes a minute on two cores. */
public final class DrillCommandDefaults {

    public static final List<String> SMALL_JOB = List.of("--table-rows", "65536", "--batch-size", "256", "--validation-buffer", "1024",
            "--checkpoint-interval", "1s", "--status-interval", "1s", "--parallelism", "1");

    private DrillCommandDefaults() {}
}
