package dev.autoloss.model.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CountMinSketchTest {

    /** Caps 2, 10 and 200 store 2-, 4- and 8-bit counters; 5,000 keys fill 65,536 counters to a third (x 4 counters each). */
    @ParameterizedTest
    @ValueSource(ints = {2, 10, 200})
    void countsNeverFallShortAndRarelyOvershoot(int cap) {
        CountMinSketch sketch = new CountMinSketch(4, 1 << 14, cap);
        SplittableRandom random = new SplittableRandom(cap);
        Map<Long, Integer> truth = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            long key = random.nextLong();
            int sightings = 1 + random.nextInt(3);
            truth.merge(key, sightings, Integer::sum);
            sketch.add(key, sightings);
        }
        int overestimated = 0;
        for (Map.Entry<Long, Integer> e : truth.entrySet()) {
            int expected = Math.min(cap, e.getValue());
            int counted = sketch.count(e.getKey());
            assertTrue(counted >= expected, "key seen " + e.getValue() + " times counted " + counted + " (cap " + cap + ")");
            if (counted > expected) {
                overestimated++;
            }
        }
        assertTrue(overestimated < truth.size() / 50, overestimated + " of " + truth.size() + " keys over-counted");
    }
}
