package dev.autoloss.model.drs;

import org.tensorflow.Operand;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/** A deep recommender: field values in, one logit per output (1, or K classes) out. */
public interface DrsModel<T extends TFloating> {

    /** {@code index}: {@code [B, F]} positions of each example's field values among the pass's table rows. */
    Operand<T> logits(Pass<T> pass, Operand<TInt32> index);
}
