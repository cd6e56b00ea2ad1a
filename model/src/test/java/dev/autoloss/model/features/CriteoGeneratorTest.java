package dev.autoloss.model.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CriteoGeneratorTest {

    private static final int ROWS = 20_000;
    private final ExampleParser criteo = new ExampleParser(Schema.of(Format.CRITEO), Task.BINARY);

    @Test
    void sameSeedGivesTheSameLinesAndAnotherSeedOthers() {
        List<String> a = lines(GeneratorConfig.defaults(), 500);
        assertEquals(a, lines(GeneratorConfig.defaults(), 500), "same seed, same lines");
        List<String> b = lines(GeneratorConfig.defaults().withSeed(7), 500);
        assertNotEquals(a.get(0), b.get(0), "another seed, other lines");
        assertEquals(500, a.stream().distinct().count(), "lines do not repeat");
    }

    @Test
    void writeLinesWritesTheSameLinesAsNextLine() throws IOException {
        StringWriter out = new StringWriter();
        new CriteoGenerator(GeneratorConfig.defaults()).writeLines(out, 100);
        assertEquals(String.join("\n", lines(GeneratorConfig.defaults(), 100)) + "\n", out.toString());
    }

    @Test
    void everyLineParsesAsCriteoWithMissingValuesLikeCriteos() throws BadRecordException {
        CriteoGenerator generator = new CriteoGenerator(GeneratorConfig.defaults());
        DataProfile profile = new DataProfile(Schema.of(Format.CRITEO), Task.BINARY);
        for (int i = 1; i <= ROWS; i++) {
            profile.add(criteo.parse(new RawRecord("generated", i, generator.nextLine())));
        }
        assertEquals(0.452, missingRate(profile, "I1"), 0.02, "I1 is missing about as often as in Criteo");
        assertEquals(0.0, missingRate(profile, "I2"), 0.0);
        assertEquals(0.817, missingRate(profile, "C22"), 0.02);
        assertTrue(distinct(profile, "C9") <= 3, "C9 has three values");
        assertTrue(distinct(profile, "C3") > 5000, "C3's ten million values give thousands in 20,000 rows: " + distinct(profile, "C3"));
    }

    @Test
    void aboutAQuarterOfTheLinesAreClicks() {
        double rate = labelRate(GeneratorConfig.defaults());
        assertEquals(0.25, rate, 0.015, "positive rate");
        assertEquals(0.10, labelRate(GeneratorConfig.defaults().withPositiveRate(0.10).withSeed(3)), 0.015, "positive rate 0.10");
    }

    @Test
    void theTeacherSeparatesClicksAndAModelOfTheFeaturesCanLearnIt() throws BadRecordException {
        Sample s = sample(GeneratorConfig.defaults(), 60_000);
        assertTrue(s.oracleAuc() > 0.8, "the planted teacher's own AUC: " + s.oracleAuc());
        double learned = countingModelAuc(s, 50_000);
        assertTrue(learned > 0.7, "per-value click rates learned on 50,000 lines should rank the next 10,000: AUC " + learned);
    }

    @Test
    void labelNoiseKeepsTheRateButBlursTheTruth() throws BadRecordException {
        GeneratorConfig noisy = GeneratorConfig.defaults().withLabelNoise(0.2);
        Sample clean = sample(GeneratorConfig.defaults(), ROWS);
        Sample blurred = sample(noisy, ROWS);
        assertEquals(0.25, labelRate(noisy), 0.015, "noise is compensated in the teacher's rate");
        assertTrue(blurred.oracleAuc() < clean.oracleAuc() - 0.1, "noise 0.2 lowers the best possible AUC: "
                + clean.oracleAuc() + " -> " + blurred.oracleAuc());
        assertEquals(clean.keys()[123][20], blurred.keys()[123][20], "noise changes labels, not features");
    }

    @Test
    void driftMovesTheTruthWhileTheRateHolds() throws BadRecordException {
        int rows = 60_000;
        GeneratorConfig drifting = GeneratorConfig.defaults().withDriftPeriod(4L * 50_000); // a quarter turn by line 50,000
        Sample still = sample(GeneratorConfig.defaults(), rows);
        Sample moving = sample(drifting, rows);
        assertEquals(0.25, labelRate(drifting), 0.015, "positive rate under drift");
        double stillAuc = countingModelAuc(still, 50_000);
        double movingAuc = countingModelAuc(moving, 50_000);
        assertTrue(movingAuc < stillAuc - 0.03, "what was learned early should fit late lines worse under drift: "
                + stillAuc + " without, " + movingAuc + " with drift");
    }

    @Test
    void invalidSettingsAreNamed() {
        GeneratorConfig d = GeneratorConfig.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withPositiveRate(1.0)).getMessage().startsWith("positiveRate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withLabelNoise(0.3)).getMessage().startsWith("labelNoise"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withDriftPeriod(-1)).getMessage().startsWith("driftPeriod"));
    }

    /** Parsed lines with the teacher's probability of each. */
    private record Sample(long[][] keys, boolean[] clicks, double[] teacher) {
        double oracleAuc() {
            return RankAuc.of(teacher, clicks);
        }
    }

    private Sample sample(GeneratorConfig config, int rows) throws BadRecordException {
        CriteoGenerator generator = new CriteoGenerator(config);
        Sample s = new Sample(new long[rows][], new boolean[rows], new double[rows]);
        for (int i = 0; i < rows; i++) {
            Example e = criteo.parse(new RawRecord("generated", i + 1, generator.nextLine()));
            s.keys()[i] = e.keys();
            s.clicks()[i] = e.label() == 1f;
            s.teacher()[i] = generator.lastProbability();
        }
        return s;
    }

    /**
     * A naive-Bayes-like model that only counts: each key's smoothed click rate on the first lines,
     * summed as log-odds over a line's keys, scored on the remaining lines.
     */
    private static double countingModelAuc(Sample s, int trainRows) {
        Map<Long, long[]> counts = new HashMap<>();
        long clicks = 0;
        for (int i = 0; i < trainRows; i++) {
            clicks += s.clicks()[i] ? 1 : 0;
            for (long key : s.keys()[i]) {
                long[] c = counts.computeIfAbsent(key, k -> new long[2]);
                c[0]++;
                c[1] += s.clicks()[i] ? 1 : 0;
            }
        }
        double prior = (double) clicks / trainRows;
        double priorWeight = 20;
        int testRows = s.keys().length - trainRows;
        double[] scores = new double[testRows];
        boolean[] truth = new boolean[testRows];
        for (int i = 0; i < testRows; i++) {
            double z = 0;
            for (long key : s.keys()[trainRows + i]) {
                long[] c = counts.getOrDefault(key, new long[2]);
                double rate = (c[1] + prior * priorWeight) / (c[0] + priorWeight);
                z += Math.log(rate / (1 - rate));
            }
            scores[i] = z;
            truth[i] = s.clicks()[trainRows + i];
        }
        return RankAuc.of(scores, truth);
    }

    private static double labelRate(GeneratorConfig config) {
        return lines(config, ROWS).stream().filter(l -> l.charAt(0) == '1').count() / (double) ROWS;
    }

    private static List<String> lines(GeneratorConfig config, int n) {
        CriteoGenerator generator = new CriteoGenerator(config);
        return Stream.generate(generator::nextLine).limit(n).toList();
    }

    private static double missingRate(DataProfile profile, String field) {
        return profile.fields().get(Schema.of(Format.CRITEO).featureNames().indexOf(field)).missingRate();
    }

    private static long distinct(DataProfile profile, String field) {
        return profile.fields().get(Schema.of(Format.CRITEO).featureNames().indexOf(field)).distinct();
    }
}
