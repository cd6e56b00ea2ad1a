package dev.autoloss.model.drs;

import org.tensorflow.Operand;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/** Wide and Deep (Cheng et al., DLRS 2016): {@code logit = linear(x) + mlp(flatten(e))}. */
public final class WideAndDeep<T extends TFloating> implements DrsModel<T> {

    private final FeaturesLinear<T> linear;
    private final FeaturesEmbedding<T> embedding;
    private final MultiLayerPerceptron<T> mlp;

    public WideAndDeep(Parameters<T> params, ModelShape shape) {
        this.linear = new FeaturesLinear<>(params, "linear", shape.rows(), shape.outputs());
        this.embedding = new FeaturesEmbedding<>(params, "embedding", shape.rows(), shape.fields(), shape.embeddingDim());
        this.mlp = new MultiLayerPerceptron<>(params, "mlp", embedding.flatDim(), shape.hidden(), shape.dropout(), shape.outputs(), true);
    }

    @Override
    public Operand<T> logits(Pass<T> pass, Operand<TInt32> x) {
        return pass.net().sum(linear.apply(pass, x), mlp.apply(pass, embedding.flatten(pass, embedding.apply(pass, x))));
    }
}
