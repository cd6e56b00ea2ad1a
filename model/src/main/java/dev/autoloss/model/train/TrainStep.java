package dev.autoloss.model.train;

import dev.autoloss.model.drs.BatchNorm;
import dev.autoloss.model.drs.BatchStatistics;
import dev.autoloss.model.drs.Net;
import dev.autoloss.model.drs.Pass;
import dev.autoloss.model.drs.WeightValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * One DRS step in one session run: forward in training mode, candidate losses, the (constant) weights,
 * {@code L_train = mean_b sum_i w_bi l_bi}, gradients for the dense weights and the batch's table rows, then Adam and
 * the BatchNorm running averages, all gated on the loss and every gradient being finite.
 */
final class TrainStep<T extends TFloating> {

    /** Where a step's {@code [B, n]} example weights come from, given its training-mode forward pass. */
    interface ExampleWeights<T extends TFloating> {
        Operand<T> of(TrainerGraph.Forward<T> forward);
    }

    final Adam<T> adam;
    /** {@code L_train} */
    final Operand<T> loss;
    /** whether the loss and every gradient were finite (and so the update was applied) */
    final Operand<TBool> finite;
    /** {@code [n]} mean weight of each candidate over the batch */
    final Operand<T> meanWeights;
    /** {@code [B, n]} the examples' weights */
    final Operand<T> exampleWeights;
    /** {@code [B]} each example's weighted loss, to name the examples of a skipped batch */
    final Operand<T> exampleLosses;
    final Op update;

    /**
     * @param weights          W as read for the step (the fed rows)
     * @param trainingRowCount how many of the fed rows, the first, the training batch uses, which are the rows updated;
     *                         null: all of them
     */
    TrainStep(TrainerGraph<T> g, Adam<T> adam, WeightValues<T> weights, ExampleWeights<T> exampleWeights, Operand<TInt32> trainingRowCount) {
        this.adam = adam;
        Net<T> net = g.net;
        Ops tf = net.tf();
        Pass<T> pass = Pass.training(weights);
        TrainerGraph.Forward<T> forward = g.forward(pass, g.train);
        Operand<T> losses = g.candidates.perExample(forward.losses());
        Operand<T> w = tf.stopGradient(exampleWeights.of(forward));
        this.exampleWeights = w;
        this.exampleLosses = tf.reduceSum(tf.math.mul(w, losses), tf.constant(1));
        this.loss = tf.math.mean(exampleLosses, tf.constant(0));
        this.meanWeights = tf.math.mean(w, tf.constant(0));
        WeightValues<T> gradients = weights.gradientsOf(loss);
        Operand<T> gradientSum = gradients.sum();
        this.finite = tf.math.isFinite(tf.math.add(loss, gradientSum));

        // every read of a variable feeds the loss, a gradient or the scored examples' predictions: writing only after
        // them all keeps the reads consistent, and the scored examples are scored by the weights before the step
        Ops writes = tf.withControlDependencies(List.of(loss, finite, meanWeights, exampleLosses, gradientSum, g.scoredPredictions));
        WeightValues<T> stepped = weights;
        WeightValues<T> steps = gradients;
        Operand<TInt32> rows = g.rows;
        if (trainingRowCount != null) {
            // rows that only the validation batch reads keep their weights and moments, as any row outside the batch does
            stepped = weights.firstRows(trainingRowCount);
            steps = gradients.firstRows(trainingRowCount);
            rows = tf.slice(g.rows, tf.constant(new int[] {0}), tf.reshape(trainingRowCount, tf.constant(new int[] {1})));
        }
        List<Op> updates = new ArrayList<>(adam.step(stepped, steps, rows, finite, g.config.weightDecay(), writes));
        for (Map.Entry<BatchNorm<T>, BatchStatistics<T>> e : pass.recordedStatistics().entrySet()) {
            updates.addAll(e.getKey().runningAverageUpdates(net, e.getValue(), net.cast(finite), writes));
        }
        this.update = tf.withControlDependencies(updates).noOp();
    }
}
