package dev.autoloss.jobs.replay;

import dev.autoloss.model.features.BadRecordException;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.RawRecord;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes event lines to a Kafka topic, one record per line: key = the event id, value = the raw line,
 * timestamp = the event time (or the line's place in a {@link TimeSpread} when the format has none).
 * Each line is parsed first, so that a bad line is reported with its line number instead of being sent.
 */
public final class Replayer {

    /**
     * @param topic           the topic written to
     * @param limit           the most lines to read (Long.MAX_VALUE for all)
     * @param eventsPerSecond the rate limit, 0 for as fast as possible
     * @param spread          event times for a format without them
     * @param policy          what to do on a bad line
     */
    public record Options(String topic, long limit, double eventsPerSecond, TimeSpread spread, BadLinePolicy policy) {}

    private final Producer<String, String> producer;
    private final ExampleParser parser;
    private final Options options;

    public Replayer(Producer<String, String> producer, ExampleParser parser, Options options) {
        this.producer = producer;
        this.parser = parser;
        this.options = options;
    }

    /** Sends the lines; {@code progress} hears the number of lines read so far. Throws naming the topic when Kafka fails. */
    public ReplayReport replay(Iterator<RawRecord> lines, LongConsumer progress) throws InterruptedException {
        Pacer pacer = new Pacer(options.eventsPerSecond());
        BadLines bad = new BadLines();
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        long start = System.nanoTime();
        long read = 0;
        long sent = 0;
        while (read < options.limit() && lines.hasNext() && sendFailure.get() == null) {
            RawRecord line = lines.next();
            long index = read++;
            Example example;
            try {
                example = parser.parse(line);
            } catch (BadRecordException e) {
                bad.add(e);
                if (options.policy() == BadLinePolicy.STOP) {
                    producer.flush();
                    throw new BadLineStop(e.getMessage() + " (replay stopped after " + sent + " events; --on-bad-line skip goes on)");
                }
                progress.accept(read);
                continue;
            }
            long timestamp = example.eventTime() >= 0 ? example.eventTime() : options.spread().timestampOf(index);
            pacer.await(sent++);
            producer.send(new ProducerRecord<>(options.topic(), null, timestamp, example.eventId(), line.line()), (metadata, error) -> {
                if (error != null) {
                    sendFailure.compareAndSet(null, error);
                } else {
                    acknowledged.incrementAndGet();
                }
            });
            progress.accept(read);
        }
        producer.flush();
        if (sendFailure.get() != null) {
            throw new IllegalStateException("cannot write to Kafka topic " + options.topic() + ": " + sendFailure.get().getMessage(),
                    sendFailure.get());
        }
        return new ReplayReport(read, acknowledged.get(), bad, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Replay met a bad line under {@link BadLinePolicy#STOP}; the message names the file and line. */
    public static final class BadLineStop extends RuntimeException {
        BadLineStop(String message) {
            super(message);
        }
    }
}
