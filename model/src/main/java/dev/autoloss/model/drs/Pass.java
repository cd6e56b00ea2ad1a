package dev.autoloss.model.drs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.types.family.TFloating;

/**
 * One forward pass: which parameter values it reads, whether dropout is on, and where BatchNorm takes its
 * statistics from. The trainer builds several passes over the same layers in one graph (a training pass,
 * the perturbed passes of the hypergradient, inference), so layers ask the pass rather than hold values.
 */
public final class Pass<T extends TFloating> {

    /** Where BatchNorm's mean and variance come from. */
    public enum Statistics {
        /** this batch's, differentiated through (training) */
        BATCH,
        /** this batch's, held constant for gradients */
        BATCH_CONSTANT,
        /** those another pass recorded */
        GIVEN,
        /** the running averages (inference) */
        RUNNING
    }

    private final WeightValues<T> weights;
    private final boolean dropout;
    private final Statistics statistics;
    private final Map<BatchNorm<T>, BatchStatistics<T>> recorded = new LinkedHashMap<>();

    private Pass(WeightValues<T> weights, boolean dropout, Statistics statistics, Map<BatchNorm<T>, BatchStatistics<T>> given) {
        this.weights = weights;
        this.dropout = dropout;
        this.statistics = statistics;
        recorded.putAll(given);
    }

    /** Batch statistics, dropout on. */
    public static <T extends TFloating> Pass<T> training(WeightValues<T> weights) {
        return new Pass<>(weights, true, Statistics.BATCH, Map.of());
    }

    /** Batch statistics, dropout off: a deterministic function of the weights. */
    public static <T extends TFloating> Pass<T> deterministic(WeightValues<T> weights) {
        return new Pass<>(weights, false, Statistics.BATCH, Map.of());
    }

    /** Batch statistics held constant for gradients, dropout off. */
    public static <T extends TFloating> Pass<T> constantStatistics(WeightValues<T> weights) {
        return new Pass<>(weights, false, Statistics.BATCH_CONSTANT, Map.of());
    }

    /** Running statistics, dropout off. */
    public static <T extends TFloating> Pass<T> inference(WeightValues<T> weights) {
        return new Pass<>(weights, false, Statistics.RUNNING, Map.of());
    }

    /** The statistics this pass recorded (held constant), dropout off, at other weights. */
    public Pass<T> sameStatisticsAt(WeightValues<T> otherWeights) {
        Map<BatchNorm<T>, BatchStatistics<T>> frozen = new LinkedHashMap<>();
        recorded.forEach((layer, stats) -> frozen.put(layer, stats.stopGradient(weights.net().tf())));
        return new Pass<>(otherWeights, false, Statistics.GIVEN, frozen);
    }

    public Net<T> net() {
        return weights.net();
    }

    public Operand<T> value(Param<T> param) {
        return weights.get(param);
    }

    public boolean dropoutActive() {
        return dropout;
    }

    public Statistics statistics() {
        return statistics;
    }

    /** The statistics {@code layer} normalises with: recorded from {@code batch} in batch modes, else given. */
    BatchStatistics<T> statisticsFor(BatchNorm<T> layer, Supplier<BatchStatistics<T>> batch) {
        if (statistics == Statistics.GIVEN) {
            BatchStatistics<T> given = recorded.get(layer);
            if (given == null) {
                throw new IllegalStateException("no recorded statistics for a BatchNorm layer of this pass");
            }
            return given;
        }
        BatchStatistics<T> computed = batch.get();
        if (statistics == Statistics.BATCH_CONSTANT) {
            computed = computed.stopGradient(weights.net().tf());
        }
        recorded.put(layer, computed);
        return computed;
    }

    /** The batch statistics each BatchNorm layer used, in layer order (for running-average updates). */
    public Map<BatchNorm<T>, BatchStatistics<T>> recordedStatistics() {
        return Collections.unmodifiableMap(recorded);
    }
}
