package dev.autoloss.model.train;

/**
 * What one controller (V) step did.
 *
 * @param controllerSteps controller steps taken so far (not counting skipped ones; none for l2rw, which has no V)
 * @param validationLoss  the validation loss at the unrolled weights (at W for first-order and l2rw)
 * @param objective       {@code S}, the surrogate whose gradient in V was followed (NaN for l2rw)
 * @param skipped         true when the objective or a gradient was not finite and V was not changed
 */
public record ControllerStepResult(long controllerSteps, double validationLoss, double objective, boolean skipped) {}
