package dev.autoloss.model.search;

import dev.autoloss.model.drs.Init;
import dev.autoloss.model.drs.Param;
import dev.autoloss.model.drs.Parameters;
import dev.autoloss.model.drs.Pass;
import dev.autoloss.model.loss.LossInputs;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** DARTS-style: one learned vector {@code softmax(a)} shared by every example, starting at equal weights. */
public final class GlobalWeights<T extends TFloating> implements LossWeighting<T> {

    private final Param<T> logits;

    public GlobalWeights(Parameters<T> params, int candidates) {
        this.logits = params.weight("global_logits", Shape.of(1, candidates), Init.zeros());
    }

    @Override
    public Operand<T> weights(Pass<T> pass, LossInputs<T> in, Operand<T> temperature) {
        Ops tf = pass.net().tf();
        return tf.tile(tf.nn.softmax(pass.value(logits)), tf.stack(List.of(in.batchSize(), tf.constant(1))));
    }
}
