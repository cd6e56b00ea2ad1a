package dev.autoloss.model.drs;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.family.TFloating;

/** Hidden blocks Linear -> BatchNorm -> ReLU -> Dropout, then (unless {@code outputDim} is 0) a Linear output layer. */
public final class MultiLayerPerceptron<T extends TFloating> {

    private record Block<T extends TFloating>(Linear<T> linear, BatchNorm<T> norm, Dropout<T> dropout) {}

    private final List<Block<T>> blocks = new ArrayList<>();
    private final Linear<T> output;
    private final int outputDim;

    public MultiLayerPerceptron(Parameters<T> params, String name, int inputDim, List<Integer> hidden, double dropout,
                                int outputDim, boolean tracksRunningStatistics) {
        int in = inputDim;
        for (int i = 0; i < hidden.size(); i++) {
            int width = hidden.get(i);
            String layer = name + "/" + i;
            blocks.add(new Block<>(new Linear<>(params, layer + "/linear", in, width),
                    new BatchNorm<>(params, layer + "/bn", width, tracksRunningStatistics),
                    new Dropout<>(params.net(), dropout)));
            in = width;
        }
        this.output = outputDim > 0 ? new Linear<>(params, name + "/out", in, outputDim) : null;
        this.outputDim = outputDim > 0 ? outputDim : in;
    }

    /** The width of what {@link #apply} returns: the output layer's, or the last hidden layer's. */
    public int outputDim() {
        return outputDim;
    }

    public Operand<T> apply(Pass<T> pass, Operand<T> x) {
        Operand<T> h = x;
        for (Block<T> block : blocks) {
            h = block.dropout().apply(pass, pass.net().tf().nn.relu(block.norm().apply(pass, block.linear().apply(pass, h))));
        }
        return output == null ? h : output.apply(pass, h);
    }
}
