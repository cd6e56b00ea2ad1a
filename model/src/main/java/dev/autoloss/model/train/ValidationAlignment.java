package dev.autoloss.model.train;

import dev.autoloss.model.drs.Net;
import dev.autoloss.model.drs.Pass;
import dev.autoloss.model.drs.WeightValues;
import dev.autoloss.model.loss.CandidateLoss;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * The l2rw method's example weights (learning to reweight, Ren et al. 2018, docs/algorithm.md): at the current weights
 * W, {@code v = grad_W L_val(W)} on the validation batch (dropout off); each training example's directional derivative
 * {@code d_b = grad l_b . v}, from the same two perturbed passes as a controller step's
 * ({@link TrainerGraph#directionalDerivatives}); then {@code w_b = max(0, d_b)}, normalised to mean 1 over the batch.
 * A small step on example b changes {@code L_val} by {@code -lr d_b} (first order), so {@code d_b} is the validation
 * loss's decrease per unit of the example's weight ({@code -dL_val/dw_b}, up to {@code lr / B}): an example whose step
 * would raise the validation loss weighs 0, and a batch where every one would weighs 0 throughout.
 */
final class ValidationAlignment<T extends TFloating> {

    /** {@code [V]} each validation example's criterion at W (cross-entropy; squared error for regression) */
    final Operand<T> validationLosses;
    /** {@code L_val(W)}, their mean */
    final Operand<T> validationLoss;
    /** {@code [B, 1]} the training examples' weights, behind stop-gradient */
    final Operand<T> weights;

    ValidationAlignment(TrainerGraph<T> g, WeightValues<T> w) {
        Net<T> net = g.net;
        Ops tf = net.tf();
        CandidateLoss criterion = CandidateLoss.validation(g.config.task());
        this.validationLosses = criterion.perExample(g.forward(Pass.deterministic(w), g.validation).losses());
        this.validationLoss = tf.math.mean(validationLosses, tf.constant(0));
        WeightValues<T> direction = w.gradientsOf(validationLoss).stopGradient();
        Pass<T> atW = Pass.constantStatistics(w);
        g.forward(atW, g.train); // records the training batch's statistics at W, which the perturbed passes hold
        Operand<T> aligned = tf.math.maximum(g.directionalDerivatives(atW, w, direction), net.constant(0));
        // all zero (no example agrees with the validation gradient): weights 0, not 0/0
        Operand<T> mean = tf.math.maximum(tf.math.mean(aligned, tf.constant(new int[] {0, 1})), net.constant(TrainerGraph.TINY));
        this.weights = tf.stopGradient(tf.math.div(aligned, mean));
    }
}
