package dev.autoloss.model.study;

import dev.autoloss.model.eval.Auc;
import dev.autoloss.model.eval.CalibrationError;
import dev.autoloss.model.eval.LogLoss;
import java.util.stream.IntStream;

/**
 * A run's prequential scores by click: each training click's prediction before the step that trained on it (its first
 * ingestion's: a late conversion's duplicate is not scored again), with its clean and observed labels.
 */
final class ClickScores {

    private final float[] predictions;
    private final float[] clean;
    private final float[] observed;
    private final boolean[] scored;

    ClickScores(int clicks) {
        predictions = new float[clicks];
        clean = new float[clicks];
        observed = new float[clicks];
        scored = new boolean[clicks];
    }

    void add(StudyEvent event, float prediction) {
        int click = Math.toIntExact(event.click());
        predictions[click] = prediction;
        clean[click] = event.cleanLabel();
        observed[click] = event.observedLabel();
        scored[click] = true;
    }

    /** The scored clicks in {@code [from, to)}. */
    Scored between(int from, int to) {
        int[] clicks = IntStream.range(from, to).filter(c -> scored[c]).toArray();
        Scored s = new Scored(new float[clicks.length], new float[clicks.length], new float[clicks.length]);
        for (int i = 0; i < clicks.length; i++) {
            s.predictions[i] = predictions[clicks[i]];
            s.clean[i] = clean[clicks[i]];
            s.observed[i] = observed[clicks[i]];
        }
        return s;
    }

    record Scored(float[] predictions, float[] clean, float[] observed) {

        double auc() {
            return Auc.binary(predictions, clean);
        }

        double logLoss() {
            return LogLoss.binary(predictions, clean);
        }

        double calibrationError() {
            return CalibrationError.expected(predictions, clean);
        }

        double observedAuc() {
            return Auc.binary(predictions, observed);
        }

        double meanPrediction() {
            return mean(predictions);
        }

        double cleanPositiveRate() {
            return mean(clean);
        }

        private static double mean(float[] values) {
            double sum = 0;
            for (float v : values) {
                sum += v;
            }
            return values.length == 0 ? Double.NaN : sum / values.length;
        }
    }
}
