package dev.autoloss.model.drs;

import org.tensorflow.Operand;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * The neural factorisation machine (He and Chua, SIGIR 2017):
 * {@code logit = linear(x) + mlp(dropout(bn(biInteraction(e))))}, the bi-interaction pooling being the FM's
 * interaction vector {@code 0.5 * ((sum_f e_f)^2 - sum_f e_f^2)}.
 */
public final class Nfm<T extends TFloating> implements DrsModel<T> {

    private final FeaturesLinear<T> linear;
    private final FeaturesEmbedding<T> embedding;
    private final FactorizationMachine<T> biInteraction;
    private final BatchNorm<T> norm;
    private final Dropout<T> dropout;
    private final MultiLayerPerceptron<T> mlp;

    public Nfm(Parameters<T> params, ModelShape shape) {
        this.linear = new FeaturesLinear<>(params, "linear", shape.rows(), shape.outputs());
        this.embedding = new FeaturesEmbedding<>(params, "embedding", shape.rows(), shape.fields(), shape.embeddingDim());
        this.biInteraction = new FactorizationMachine<>(params, "bi_interaction", shape.embeddingDim(), 1);
        this.norm = new BatchNorm<>(params, "bi_interaction/bn", shape.embeddingDim(), true);
        this.dropout = new Dropout<>(params.net(), shape.dropout());
        this.mlp = new MultiLayerPerceptron<>(params, "mlp", shape.embeddingDim(), shape.hidden(), shape.dropout(), shape.outputs(), true);
    }

    @Override
    public Operand<T> logits(Pass<T> pass, Operand<TInt32> x) {
        Operand<T> pooled = biInteraction.interaction(pass.net(), embedding.apply(pass, x));
        return pass.net().sum(linear.apply(pass, x), mlp.apply(pass, dropout.apply(pass, norm.apply(pass, pooled))));
    }

}
