package dev.autoloss.model.search;

import dev.autoloss.model.CliNames;
import dev.autoloss.model.loss.CandidateLoss;
import java.util.Locale;
import java.util.Optional;

/**
 * How the training loss is chosen: one fixed loss, one loss with per-example weights from the literature on noisy and
 * delayed labels or from the validation data, or a way of weighting the candidates (the paper's Tables 2 and 3).
 */
public enum Method {
    CE(CandidateLoss.CE),
    FOCAL(CandidateLoss.FOCAL),
    KL(CandidateLoss.KL),
    HINGE(CandidateLoss.HINGE),
    MSE(CandidateLoss.MSE),
    MAE(CandidateLoss.MAE),
    HUBER(CandidateLoss.HUBER),
    /** equal fixed weights over the candidates */
    AL1(null),
    /** the controller without Gumbel-softmax: {@code w = alpha} */
    AL2(null),
    /** one global weight vector {@code softmax(a)}, learned with the hypergradient */
    DARTS(null),
    /** the controller updated on the training batch itself, no validation data */
    SLF(null),
    /** the controller with Gumbel-softmax, driven by validation loss */
    AUTOLOSS(null),
    /** truncated cross-entropy (Wang et al. 2021): the batch's positives with the largest loss dropped, at a rate that ramps up */
    TCE(CandidateLoss.CE),
    /** reweighted cross-entropy (Wang et al. 2021): positives weighted by the prediction to a power */
    RCE(CandidateLoss.CE),
    /** fake-negative weighting (Ktena et al. 2019) for clicks ingested as negatives first: positives by 1 + p, negatives by 1 - p^2 */
    FNW(CandidateLoss.CE),
    /** learning to reweight (Ren et al. 2018): each example weighted by how well its gradient agrees with a validation batch's */
    L2RW(CandidateLoss.CE),
    /** ce with a learned weight per example, {@code 2 sigmoid(MLP([onehot(y), p]))}: autoloss-item without the item's statistics */
    AUTOLOSS_SCALE(CandidateLoss.CE),
    /** ce with a learned weight per example from the label, the prediction and the running label statistics of the example's item */
    AUTOLOSS_ITEM(CandidateLoss.CE),
    /** ce corrected for false clicks at its item's rate, estimated from trusted labels: forward correction written as weights on positives (hand-made) */
    ITEM_TRUST(CandidateLoss.CE);

    private final CandidateLoss singleLoss;

    Method(CandidateLoss singleLoss) {
        this.singleLoss = singleLoss;
    }

    /** The single loss of a fixed-loss method (every example weighted 1: none weighted by label and prediction, or through controller steps). */
    public Optional<CandidateLoss> fixedLoss() {
        return reweightsExamples() || hasControllerSteps() ? Optional.empty() : singleLoss();
    }

    /** The one loss a method trains with, fixed or weighted per example. */
    public Optional<CandidateLoss> singleLoss() {
        return Optional.ofNullable(singleLoss);
    }

    /** Whether the method weights its single loss per example by the label and the prediction (binary labels only). */
    public boolean reweightsExamples() {
        return this == TCE || this == RCE || this == FNW;
    }

    /** Whether the method has weights V that controller steps learn. */
    public boolean learnsWeights() {
        return this == AL2 || this == DARTS || this == SLF || this == AUTOLOSS || this == AUTOLOSS_SCALE || this == AUTOLOSS_ITEM;
    }

    /** Whether the weights are a learned scale of the single loss, {@code 2 sigmoid(.)} per example, rather than a softmax over candidates. */
    public boolean scalesSingleLoss() {
        return this == AUTOLOSS_SCALE || this == AUTOLOSS_ITEM;
    }

    /** Whether the weights read the running label statistics of each example's item (binary labels and an item field needed). */
    public boolean seesItemStatistics() {
        return this == AUTOLOSS_ITEM || this == ITEM_TRUST;
    }

    /**
     * Whether controller steps are due now and then ({@code Trainer.controllerDue}): the method learns V, or (l2rw) weighs
     * the training examples by the validation batch each such step hands it, or (item-trust) counts its trusted labels.
     */
    public boolean hasControllerSteps() {
        return learnsWeights() || this == L2RW || this == ITEM_TRUST;
    }

    /** Whether what the method trains depends on the validation batches its controller steps are given (slf ignores them). */
    public boolean learnsFromValidation() {
        return hasControllerSteps() && !usesTrainingBatchAsValidation();
    }

    /** Whether the controller's objective is measured on the training batch rather than a validation batch. */
    public boolean usesTrainingBatchAsValidation() {
        return this == SLF;
    }

    /** The name on the command line: {@code ce}, ..., {@code autoloss}, {@code autoloss-item}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Method byName(String name) {
        return CliNames.byName(values(), Method::cliName, "method", name);
    }
}
