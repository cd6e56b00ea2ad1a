package dev.autoloss.model.study;

/**
 * How a study's stream is drawn; validated on construction (an IllegalArgumentException names the setting).
 *
 * @param events             clicks generated (each is ingested once, plus its conversion in the delayed condition)
 * @param validationShare    the share of clicks held out with their clean (trusted) labels for the controller
 * @param falsePositiveShare the noisy conditions: the expected share of false ones among the training events' observed positives
 * @param meanDelay          the delayed condition: mean of the exponential conversion delay, in events
 * @param waitWindow         the delayed condition: events a click waits before it is ingested, as a positive if it
 *                           converted by then, else as a negative (and again as a positive when its conversion comes)
 */
public record StreamSettings(int events, double validationShare, double falsePositiveShare, double meanDelay, double waitWindow) {

    public static final double DEFAULT_VALIDATION_SHARE = 0.05;
    public static final double DEFAULT_FALSE_POSITIVE_SHARE = 0.2;
    public static final int DEFAULT_MEAN_DELAY = 20_000;
    public static final int DEFAULT_WAIT_WINDOW = 2_000;

    public StreamSettings {
        require(events >= 1, "events must be at least 1, got " + events);
        require(validationShare >= 0 && validationShare < 1, "validation-share must be in [0, 1), got " + validationShare);
        require(falsePositiveShare >= 0 && falsePositiveShare < 1, "false-positive-share must be in [0, 1), got " + falsePositiveShare);
        require(meanDelay > 0 && Double.isFinite(meanDelay), "mean-delay must be a positive number of events, got " + meanDelay);
        require(waitWindow >= 0 && Double.isFinite(waitWindow), "wait-window must be at least 0 events, got " + waitWindow);
    }

    /** {@code events} clicks, every other setting at its default. */
    public static StreamSettings of(int events) {
        return new StreamSettings(events, DEFAULT_VALIDATION_SHARE, DEFAULT_FALSE_POSITIVE_SHARE, DEFAULT_MEAN_DELAY, DEFAULT_WAIT_WINDOW);
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }
}
