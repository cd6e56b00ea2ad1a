package dev.autoloss.jobs.testing;

import dev.autoloss.jobs.embedded.EmbeddedKafka;

/**
 * One embedded Kafka broker for all the tests in this JVM, started on first use (tests keep apart by
 * topic names of their own); it stops with the JVM, through the broker's own shutdown hook.
 */
public final class SharedKafka {

    private static EmbeddedKafka broker;

    private SharedKafka() {}

    public static synchronized EmbeddedKafka get() {
        if (broker == null) {
            broker = EmbeddedKafka.start();
        }
        return broker;
    }
}
