package dev.autoloss.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void cpuTimeIsInterpolatedBetweenSamplesRisesWithWorkAndIsUnknownOutsideThem() {
        ProcessCpu cpu = new ProcessCpu();
        assertTrue(Double.isNaN(cpu.nanosAt(System.currentTimeMillis())), "no samples: unknown");
        cpu.sample();
        busy(100);
        long early = System.currentTimeMillis();
        busy(200);
        long late = System.currentTimeMillis();
        busy(100);
        cpu.sample();

        assertFalse(Double.isNaN(cpu.nanosAt(early)), "between the samples: known");
        assertTrue(cpu.nanosAt(late) > cpu.nanosAt(early), "the process worked between the samples, so its CPU time rose");
        assertTrue(Double.isNaN(cpu.nanosAt(early - 60_000)), "before the first sample: unknown");
        assertTrue(Double.isNaN(cpu.nanosAt(late + 60_000)), "after the last sample: unknown");
    }

    private static void busy(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        double x = 0;
        while (System.nanoTime() < end) {
            x += Math.sqrt(x + 1);
        }
        assertTrue(x > 0);
    }
}
