package dev.autoloss.model.drs;

import org.tensorflow.Operand;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/** The factorisation machine (Rendle, ICDM 2010): {@code logit = linear(x) + fm(e)}. */
public final class Fm<T extends TFloating> implements DrsModel<T> {

    private final FeaturesLinear<T> linear;
    private final FeaturesEmbedding<T> embedding;
    private final FactorizationMachine<T> fm;

    public Fm(Parameters<T> params, ModelShape shape) {
        this.linear = new FeaturesLinear<>(params, "linear", shape.rows(), shape.outputs());
        this.embedding = new FeaturesEmbedding<>(params, "embedding", shape.rows(), shape.fields(), shape.embeddingDim());
        this.fm = new FactorizationMachine<>(params, "fm", shape.embeddingDim(), shape.outputs());
    }

    @Override
    public Operand<T> logits(Pass<T> pass, Operand<TInt32> x) {
        return pass.net().sum(linear.apply(pass, x), fm.apply(pass, embedding.apply(pass, x)));
    }
}
