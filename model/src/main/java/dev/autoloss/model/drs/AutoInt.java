package dev.autoloss.model.drs;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * AutoInt+ (Song et al., CIKM 2019), as PyTorch-FM builds it: field embeddings projected to the attention
 * width, three layers of two-head self-attention plus a residual projection, and
 * {@code logit = linear(x) + W flatten(relu(attention + residual)) + mlp(flatten(e))}.
 */
public final class AutoInt<T extends TFloating> implements DrsModel<T> {

    static final int ATTENTION_DIM = 64;
    static final int HEADS = 2;
    static final int LAYERS = 3;

    private final FeaturesLinear<T> linear;
    private final FeaturesEmbedding<T> embedding;
    private final Linear<T> toAttention;
    private final List<MultiHeadSelfAttention<T>> attention = new ArrayList<>();
    private final Linear<T> residual;
    private final Linear<T> attentionOutput;
    private final MultiLayerPerceptron<T> mlp;
    private final int fields;

    public AutoInt(Parameters<T> params, ModelShape shape) {
        this.fields = shape.fields();
        this.linear = new FeaturesLinear<>(params, "linear", shape.rows(), shape.outputs());
        this.embedding = new FeaturesEmbedding<>(params, "embedding", shape.rows(), fields, shape.embeddingDim());
        this.toAttention = new Linear<>(params, "attention/in", shape.embeddingDim(), ATTENTION_DIM);
        for (int l = 0; l < LAYERS; l++) {
            attention.add(new MultiHeadSelfAttention<>(params, "attention/" + l, fields, ATTENTION_DIM, HEADS));
        }
        this.residual = new Linear<>(params, "attention/residual", shape.embeddingDim(), ATTENTION_DIM);
        this.attentionOutput = new Linear<>(params, "attention/out", fields * ATTENTION_DIM, shape.outputs());
        this.mlp = new MultiLayerPerceptron<>(params, "mlp", embedding.flatDim(), shape.hidden(), shape.dropout(), shape.outputs(), true);
    }

    @Override
    public Operand<T> logits(Pass<T> pass, Operand<TInt32> x) {
        Ops tf = pass.net().tf();
        Operand<T> e = embedding.apply(pass, x);
        Operand<T> h = toAttention.applyPerField(pass, e, fields);
        for (MultiHeadSelfAttention<T> layer : attention) {
            h = layer.apply(pass, h);
        }
        Operand<T> crossed = tf.nn.relu(tf.math.add(h, residual.applyPerField(pass, e, fields)));
        Operand<T> flat = tf.reshape(crossed, tf.constant(new int[] {-1, fields * ATTENTION_DIM}));
        return pass.net().sum(linear.apply(pass, x), attentionOutput.apply(pass, flat), mlp.apply(pass, embedding.flatten(pass, e)));
    }
}
