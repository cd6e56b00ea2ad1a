package dev.autoloss.model.search;

import dev.autoloss.model.drs.Pass;
import dev.autoloss.model.loss.LossInputs;
import org.tensorflow.Operand;
import org.tensorflow.types.family.TFloating;

/** Per-example weights over the candidate losses, {@code w_bi}: fixed, global, or from the loss controller. */
public interface LossWeighting<T extends TFloating> {

    /**
     * {@code [B, n]} weights for the examples described by {@code in}.
     *
     * @param pass        the controller's parameter values (V) and its dropout/BatchNorm mode
     * @param temperature the Gumbel-softmax temperature (ignored where there is no noise)
     */
    Operand<T> weights(Pass<T> pass, LossInputs<T> in, Operand<T> temperature);
}
