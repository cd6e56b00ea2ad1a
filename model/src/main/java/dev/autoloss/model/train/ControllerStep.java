package dev.autoloss.model.train;

import dev.autoloss.model.drs.Net;
import dev.autoloss.model.drs.Pass;
import dev.autoloss.model.drs.WeightValues;
import dev.autoloss.model.loss.CandidateLoss;
import dev.autoloss.model.search.ControllerObjective;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * One step of the loss weights V in one session run (docs/algorithm.md, "Bi-level optimisation").
 *
 * <p>Unrolled (the default): on the last training batch at the current weights W, {@code g = grad_W L_train(W, V)}
 * (weights constant), {@code W' = W - xi g}; {@code v = grad_W' L_val(W')} on the validation batch; then the
 * directional derivatives {@code d_bi = (l_i(b; W + eps v) - l_i(b; W - eps v)) / (2 eps)}, {@code eps = 0.01 / ||v||} (the direction step is a setting),
 * from two forward passes built directly on the perturbed weights (W itself is never modified), and V steps on
 * {@code grad_V S}, {@code S = sum_bi const(-(xi / B) d_bi) w_bi(V)}. Every pass over the training batch is
 * deterministic (dropout off) and uses the BatchNorm statistics of the batch at W, held constant, so all of them
 * differentiate the same function. First-order takes {@code v} at W. Mixed minimises
 * {@code mean_b sum_i w_bi(V) l_i} on the validation batch directly.
 */
final class ControllerStep<T extends TFloating> {

    final Adam<T> adam;
    final Placeholder<T> xi;
    /** {@code L_val} at the unrolled weights (at W for first-order; the mixed objective's CE for mixed) */
    final Operand<T> validationLoss;
    /** {@code [B, n]} the weights {@code w(V)} that S differentiates: the last training batch's (the validation batch's for mixed) */
    final Operand<T> weights;
    /** {@code S}, whose gradient in V is the step direction */
    final Operand<T> objective;
    /** {@code grad_V S}, parameter by parameter */
    final WeightValues<T> gradient;
    final Operand<TBool> finite;
    final Op update;

    ControllerStep(TrainerGraph<T> g, Adam<T> adam) {
        this.adam = adam;
        Net<T> net = g.net;
        Ops tf = net.tf();
        this.xi = net.scalarInput("xi");
        WeightValues<T> w = WeightValues.read(g.drs, g.rows);
        WeightValues<T> v = WeightValues.read(g.controller, null);
        Pass<T> controllerPass = Pass.training(v);
        ControllerObjective kind = g.config.controllerObjective();
        CandidateLoss validationCriterion = CandidateLoss.validation(g.config.task());

        if (kind == ControllerObjective.MIXED) {
            TrainerGraph.Forward<T> val = g.forward(Pass.deterministic(w), g.validation);
            this.weights = g.weighting.weights(controllerPass, val.losses(), g.temperature);
            this.objective = g.weightedMean(weights, g.candidates.perExample(val.losses()));
            this.validationLoss = tf.math.mean(validationCriterion.perExample(val.losses()), tf.constant(0));
        } else {
            Pass<T> atW = Pass.constantStatistics(w);
            TrainerGraph.Forward<T> train = g.forward(atW, g.train);
            this.weights = g.weighting.weights(controllerPass, train.losses(), g.temperature);
            WeightValues<T> unrolled = w;
            if (kind == ControllerObjective.UNROLLED) {
                Operand<T> trainLoss = g.weightedMean(tf.stopGradient(weights), g.candidates.perExample(train.losses()));
                unrolled = w.plusScaled(tf.math.neg(xi), w.gradientsOf(trainLoss));
            }
            TrainerGraph.Forward<T> val = g.forward(Pass.deterministic(unrolled), g.validation);
            this.validationLoss = tf.math.mean(validationCriterion.perExample(val.losses()), tf.constant(0));
            WeightValues<T> direction = unrolled.gradientsOf(validationLoss).stopGradient();
            Operand<T> derivative = g.directionalDerivatives(atW, w, direction);
            Operand<T> batch = net.cast(train.losses().batchSize());
            Operand<T> coefficient = tf.stopGradient(tf.math.mul(tf.math.neg(tf.math.div(xi, batch)), derivative));
            this.objective = tf.reduceSum(tf.math.mul(coefficient, weights), tf.constant(new int[] {0, 1}));
        }
        this.gradient = v.gradientsOf(objective);
        Operand<T> gradientSum = gradient.sum();
        this.finite = tf.math.isFinite(tf.math.add(objective, gradientSum));
        Ops writes = tf.withControlDependencies(List.of(objective, validationLoss, finite, gradientSum));
        this.update = tf.withControlDependencies(adam.step(v, gradient, null, finite, 0, writes)).noOp();
    }
}
