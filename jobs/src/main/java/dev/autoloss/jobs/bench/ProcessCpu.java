package dev.autoloss.jobs.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * CPU time of this JVM's process as the OS counts it (user + system, every thread: TensorFlow's native ones, Flink's
 * and an embedded Kafka broker's when they run here), sampled over time so that the CPU of an interval known only
 * afterwards (between two status records' times) can be read off by interpolation.
 */
final class ProcessCpu {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private long[] millis = new long[256];
    private long[] cpuNanos = new long[256];
    private int count;

    static long nanos() {
        return OS.getProcessCpuTime();
    }

    /** Records the process's CPU time now. */
    synchronized void sample() {
        if (count == millis.length) {
            millis = Arrays.copyOf(millis, count * 2);
            cpuNanos = Arrays.copyOf(cpuNanos, count * 2);
        }
        millis[count] = System.currentTimeMillis();
        cpuNanos[count++] = nanos();
    }

    /** The process's CPU time at {@code epochMillis}, interpolated between the samples around it; NaN outside them. */
    synchronized double nanosAt(long epochMillis) {
        for (int i = 1; i < count; i++) {
            if (millis[i - 1] <= epochMillis && epochMillis <= millis[i]) {
                long span = millis[i] - millis[i - 1];
                double share = span == 0 ? 1 : (epochMillis - millis[i - 1]) / (double) span;
                return cpuNanos[i - 1] + share * (cpuNanos[i] - cpuNanos[i - 1]);
            }
        }
        return Double.NaN;
    }
}
