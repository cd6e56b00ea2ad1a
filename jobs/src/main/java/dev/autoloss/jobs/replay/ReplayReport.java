package dev.autoloss.jobs.replay;

import java.time.Duration;

/**
 * What a replay did.
 *
 * @param read     lines read (sent + bad)
 * @param sent     records written to Kafka (acknowledged)
 * @param badLines the lines not sent, with their reasons
 * @param elapsed  wall time from the first line to the last acknowledgement
 */
public record ReplayReport(long read, long sent, BadLines badLines, Duration elapsed) {

    public double eventsPerSecond() {
        return sent / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }

    public String summary(String topic) {
        return String.format("replayed %,d events to %s in %.1f s (%,.0f events/s)%s", sent, topic, elapsed.toNanos() / 1e9,
                eventsPerSecond(), badLines.count() == 0 ? "" : String.format("; %,d bad lines not sent", badLines.count()));
    }
}
