package dev.autoloss.model.drs;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/** Deep and Cross (Wang et al., ADKDD 2017): {@code logit = W [cross(flatten(e)), mlp(flatten(e))]}. */
public final class Dcn<T extends TFloating> implements DrsModel<T> {

    static final int CROSS_LAYERS = 3;

    private final FeaturesEmbedding<T> embedding;
    private final CrossNetwork<T> cross;
    private final MultiLayerPerceptron<T> mlp;
    private final Linear<T> output;

    public Dcn(Parameters<T> params, ModelShape shape) {
        this.embedding = new FeaturesEmbedding<>(params, "embedding", shape.rows(), shape.fields(), shape.embeddingDim());
        this.cross = new CrossNetwork<>(params, "cross", embedding.flatDim(), CROSS_LAYERS);
        this.mlp = new MultiLayerPerceptron<>(params, "mlp", embedding.flatDim(), shape.hidden(), shape.dropout(), 0, true);
        this.output = new Linear<>(params, "out", embedding.flatDim() + mlp.outputDim(), shape.outputs());
    }

    @Override
    public Operand<T> logits(Pass<T> pass, Operand<TInt32> x) {
        Ops tf = pass.net().tf();
        Operand<T> e = embedding.flatten(pass, embedding.apply(pass, x));
        return output.apply(pass, tf.concat(List.of(cross.apply(pass, e), mlp.apply(pass, e)), tf.constant(1)));
    }
}
