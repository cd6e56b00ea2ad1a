package dev.autoloss.model.drs;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** DCN's cross layers: {@code x_{l+1} = x_0 (x_l . w_l) + b_l + x_l}, explicit feature crosses of rising degree. */
public final class CrossNetwork<T extends TFloating> {

    private record Layer<T extends TFloating>(Param<T> weight, Param<T> bias) {}

    private final List<Layer<T>> layers = new ArrayList<>();

    public CrossNetwork(Parameters<T> params, String name, int width, int depth) {
        Init init = Init.uniform(1 / Math.sqrt(width));
        for (int l = 0; l < depth; l++) {
            layers.add(new Layer<>(params.weight(name + "/" + l + "/w", Shape.of(width, 1), init), params.weight(name + "/" + l + "/b", Shape.of(width), Init.zeros())));
        }
    }

    public Operand<T> apply(Pass<T> pass, Operand<T> x0) {
        Ops tf = pass.net().tf();
        Operand<T> x = x0;
        for (Layer<T> layer : layers) {
            Operand<T> projection = tf.linalg.matMul(x, pass.value(layer.weight()));
            x = pass.net().sum(tf.math.mul(x0, projection), pass.value(layer.bias()), x);
        }
        return x;
    }

}
