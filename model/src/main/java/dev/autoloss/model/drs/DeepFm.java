package dev.autoloss.model.drs;

import org.tensorflow.Operand;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/** DeepFM (Guo et al., IJCAI 2017): {@code logit = linear(x) + fm(e) + mlp(flatten(e))}. */
public final class DeepFm<T extends TFloating> implements DrsModel<T> {

    private final FeaturesLinear<T> linear;
    private final FeaturesEmbedding<T> embedding;
    private final FactorizationMachine<T> fm;
    private final MultiLayerPerceptron<T> mlp;

    public DeepFm(Parameters<T> params, ModelShape shape) {
        this.linear = new FeaturesLinear<>(params, "linear", shape.rows(), shape.outputs());
        this.embedding = new FeaturesEmbedding<>(params, "embedding", shape.rows(), shape.fields(), shape.embeddingDim());
        this.fm = new FactorizationMachine<>(params, "fm", shape.embeddingDim(), shape.outputs());
        this.mlp = new MultiLayerPerceptron<>(params, "mlp", embedding.flatDim(), shape.hidden(), shape.dropout(), shape.outputs(), true);
    }

    @Override
    public Operand<T> logits(Pass<T> pass, Operand<TInt32> x) {
        Operand<T> e = embedding.apply(pass, x);
        return pass.net().sum(linear.apply(pass, x), fm.apply(pass, e), mlp.apply(pass, embedding.flatten(pass, e)));
    }
}
