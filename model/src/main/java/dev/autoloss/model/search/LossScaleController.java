package dev.autoloss.model.search;

import dev.autoloss.model.drs.Init;
import dev.autoloss.model.drs.MultiLayerPerceptron;
import dev.autoloss.model.drs.Param;
import dev.autoloss.model.drs.Parameters;
import dev.autoloss.model.drs.Pass;
import dev.autoloss.model.loss.LossInputs;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * A learned weight per example for a single loss, {@code 2 sigmoid(MLP(x))} in {@code (0, 2)}, with {@code x} the
 * example's {@code [onehot(y), p]} and, where {@code contextWidth > 0}, its {@link LossInputs#context()} (the item's
 * label statistics: {@code autoloss-item}; without: {@code autoloss-scale}). Unlike the softmax over candidates, a
 * weight can exceed 1: a negative of an item with many false positives can count more, not only its positives less.
 * The output layer starts at zero, so every weight starts at exactly 1 (the method starts as ce) and the controller
 * learns departures from it; the hidden layers get gradients once the output layer has moved.
 */
public final class LossScaleController<T extends TFloating> implements LossWeighting<T> {

    private final MultiLayerPerceptron<T> hidden;
    private final Param<T> outputWeight;
    private final Param<T> outputBias;
    private final int contextWidth;

    /**
     * @param inputs       width of {@link LossInputs#controllerFeatures()}
     * @param contextWidth width of {@link LossInputs#context()}, 0 to ignore it
     */
    public LossScaleController(Parameters<T> params, int inputs, int contextWidth, List<Integer> hidden, double dropout) {
        this.hidden = new MultiLayerPerceptron<>(params, "mlp", inputs + contextWidth, hidden, dropout, 0, false);
        this.outputWeight = params.weight("mlp/out/w", Shape.of(this.hidden.outputDim(), 1), Init.zeros());
        this.outputBias = params.weight("mlp/out/b", Shape.of(1), Init.zeros());
        this.contextWidth = contextWidth;
    }

    /** {@code [B, 1]}: the method trains its single loss. */
    @Override
    public Operand<T> weights(Pass<T> pass, LossInputs<T> in, Operand<T> temperature) {
        Ops tf = pass.net().tf();
        Operand<T> x = contextWidth == 0 ? in.controllerFeatures()
                : tf.concat(List.of(in.controllerFeatures(), in.context()), tf.constant(1));
        Operand<T> logit = tf.nn.biasAdd(tf.linalg.matMul(hidden.apply(pass, x), pass.value(outputWeight)), pass.value(outputBias));
        return tf.math.mul(pass.net().constant(2), tf.math.sigmoid(logit));
    }
}
