package dev.autoloss.jobs.cluster;

import java.util.Map;

/** What the environment of each process this project starts tells TensorFlow; the launcher script sets the same. */
public final class TensorFlowEnvironment {

    /**
     * TensorFlow's C++ start-up notes are not for the logs; oneDNN's CPU kernels take 5-15% less CPU per training
     * example here, for the same AUC (docs/performance.md), and this native build leaves them off unless asked.
     */
    private static final Map<String, String> VARIABLES = Map.of("TF_CPP_MIN_LOG_LEVEL", "2", "TF_ENABLE_ONEDNN_OPTS", "1");

    private TensorFlowEnvironment() {}

    /** Adds the variables that {@code environment} does not set already (a user's own setting wins). */
    public static void addTo(Map<String, String> environment) {
        VARIABLES.forEach(environment::putIfAbsent);
    }
}
