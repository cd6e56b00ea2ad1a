package dev.autoloss.model.search;

import java.util.Locale;

/** What a controller step minimises (docs/algorithm.md, "Bi-level optimisation"). */
public enum ControllerObjective {
    /** validation loss after one unrolled DRS step, {@code L_val(W - xi grad_W L_train(W, V))} (the default) */
    UNROLLED,
    /** the same with {@code v = grad_W L_val(W)} taken at the current weights: cheaper, first order in W */
    FIRST_ORDER,
    /** the paper's literal {@code xi = 0} variant: the mixed loss itself on the validation batch; drifts to the smallest loss */
    MIXED;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
