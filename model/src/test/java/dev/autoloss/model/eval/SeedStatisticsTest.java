package dev.autoloss.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeedStatisticsTest {

    @Test
    void summaryGivesMeanAndSampleStandardDeviation() {
        Summary summary = Summary.of(1, 2, 3, 4);
        assertEquals(2.5, summary.mean(), 1e-12);
        assertEquals(Math.sqrt(5.0 / 3), summary.sd(), 1e-12, "sd must divide by n - 1");
        assertEquals("2.5000±1.2910", summary.format(4));
        assertEquals(0, Summary.of(0.75).sd(), "one run has no spread");
    }

    @Test
    void welchTestMatchesScipyUnequalVarianceTest() {
        // scipy.stats.ttest_ind([1,2,3,4], [2,3,4,5,6], equal_var=False): t=-1.5666989, p=0.1612859 (df 6.98)
        WelchTTest test = WelchTTest.of(new double[] {1, 2, 3, 4}, new double[] {2, 3, 4, 5, 6});
        assertEquals(-1.5666989036012806, test.t(), 1e-9);
        assertEquals(0.16128585628930428, test.pValue(), 1e-6);
        assertFalse(test.significantAt(0.05));
    }

    @Test
    void pairedTestMatchesScipysTestOnRelatedSamples() {
        // scipy.stats.ttest_rel([.70,.72,.71,.74,.73], [.69,.70,.71,.72,.70]): t=3.1378582, p=0.0349197 (df 4)
        PairedTTest test = PairedTTest.of(new double[] {0.70, 0.72, 0.71, 0.74, 0.73}, new double[] {0.69, 0.70, 0.71, 0.72, 0.70});
        assertEquals(0.016, test.meanDifference(), 1e-12);
        assertEquals(Math.sqrt(130e-6), test.sdDifference(), 1e-9);
        assertEquals(3.1378581622109443, test.t(), 1e-6);
        assertEquals(0.03491970667453904, test.pValue(), 1e-6);
        assertEquals(5, test.n());
        PairedTTest same = PairedTTest.of(new double[] {1.5, 2.5}, new double[] {1, 2});
        assertEquals(0.5, same.meanDifference(), 1e-12);
        assertTrue(Double.isNaN(same.pValue()), "one difference on every seed leaves no spread to test against");
        assertThrows(IllegalArgumentException.class, () -> PairedTTest.of(new double[] {1, 2}, new double[] {1, 2, 3}));
    }

    @Test
    void tTestNeedsTwoRunsPerMethod() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WelchTTest.of(new double[] {0.7}, new double[] {0.7, 0.71}));
        assertEquals("a t-test needs at least 2 runs per method, got 1 and 2", e.getMessage());
    }
}
