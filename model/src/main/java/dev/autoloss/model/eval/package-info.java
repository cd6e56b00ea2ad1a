/**
 * Quality metrics, computed exactly: AUC (binary; macro one-vs-rest for multiclass) and log-loss, over a
 * whole split ({@link dev.autoloss.model.eval.Quality#measure}) or over a sliding window of a stream
 * ({@link dev.autoloss.model.eval.SlidingWindowQuality}, for prequential test-then-train evaluation),
 * the expected calibration error of binary predictions ({@link dev.autoloss.model.eval.CalibrationError}), and the
 * statistics that compare methods over seeds ({@link dev.autoloss.model.eval.Summary},
 * {@link dev.autoloss.model.eval.WelchTTest}; {@link dev.autoloss.model.eval.PairedTTest} for runs paired by seed).
 *
 * <p>Predictions are laid out as the trainer returns them: row-major {@code [n * outputs]}, one
 * probability per example for binary tasks ({@code outputs == 1}) and K class probabilities for
 * multiclass tasks ({@code outputs == K}). Labels are 0/1 for binary tasks and the class index
 * {@code 0..K-1} for multiclass tasks.
 */
package dev.autoloss.model.eval;
