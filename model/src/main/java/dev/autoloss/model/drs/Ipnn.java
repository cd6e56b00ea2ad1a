package dev.autoloss.model.drs;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/** IPNN, the inner-product neural network (Qu et al., ICDM 2016): {@code logit = mlp([flatten(e), <e_i, e_j> for i < j])}. */
public final class Ipnn<T extends TFloating> implements DrsModel<T> {

    private final FeaturesEmbedding<T> embedding;
    private final InnerProducts<T> products;
    private final MultiLayerPerceptron<T> mlp;

    public Ipnn(Parameters<T> params, ModelShape shape) {
        this.embedding = new FeaturesEmbedding<>(params, "embedding", shape.rows(), shape.fields(), shape.embeddingDim());
        this.products = new InnerProducts<>(shape.fields());
        this.mlp = new MultiLayerPerceptron<>(params, "mlp", embedding.flatDim() + products.outputDim(), shape.hidden(), shape.dropout(), shape.outputs(), true);
    }

    @Override
    public Operand<T> logits(Pass<T> pass, Operand<TInt32> x) {
        Ops tf = pass.net().tf();
        Operand<T> e = embedding.apply(pass, x);
        return mlp.apply(pass, tf.concat(List.of(embedding.flatten(pass, e), products.apply(pass.net(), e)), tf.constant(1)));
    }
}
