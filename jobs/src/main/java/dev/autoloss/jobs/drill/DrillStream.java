package dev.autoloss.jobs.drill;

import dev.autoloss.jobs.kafka.EventProducers;
import dev.autoloss.jobs.kafka.KafkaCluster;
import dev.autoloss.jobs.kafka.TopicContents;
import dev.autoloss.jobs.replay.BadLinePolicy;
import dev.autoloss.jobs.replay.GeneratedLines;
import dev.autoloss.jobs.replay.Replayer;
import dev.autoloss.jobs.replay.TimeSpread;
import dev.autoloss.jobs.train.EventIdDigest;
import dev.autoloss.jobs.train.TrainerShare;
import dev.autoloss.jobs.train.ValidationSplit;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The events of a drill: generated Criteo lines replayed into a topic. What the job must train is what the topic
 * holds once the replay is done, read back: a producer may write a record twice when its broker restarts under it
 * (Kafka's producers write at least once across a broker restart), and the job trains each record it reads once.
 * The topic is then topped up with a few more events so that each trainer's training events fill whole batches (an
 * unbounded job trains only whole ones), so that every one of them must be trained.
 */
final class DrillStream {

    private static final long SEED = 42;
    private static final Duration READ_PATIENCE = Duration.ofMinutes(1);

    private final String bootstrap;
    private final String topic;
    private final long events;
    private long filler;

    DrillStream(String bootstrap, String topic, long events) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.events = events;
    }

    long events() {
        return events;
    }

    /** Writes the events at {@code eventsPerSecond}; returns when all are acknowledged. */
    void replay(double eventsPerSecond) throws InterruptedException {
        write(new GeneratedLines(GeneratorConfig.defaults().withSeed(SEED), events), events, eventsPerSecond);
    }

    /**
     * What the topic holds, topped up to whole batches of training events.
     *
     * @param records           records in the topic, filler included
     * @param trainingEvents    those the job trains on (the others are validation events)
     * @param trainingDigest    {@link EventIdDigest} of their ids, duplicates counted: what the job's must be at the end
     * @param duplicatedRecords records whose id an earlier record of the topic has (written twice by the producer)
     */
    record Expected(long records, long trainingEvents, long trainingDigest, long duplicatedRecords) {}

    Expected toppedUp(ValidationSplit split, int batchSize, int trainers) throws InterruptedException {
        List<String> keys = keys();
        long[] missing = new long[trainers]; // per trainer, training events still missing from its last batch
        keys.stream().filter(id -> !split.isValidation(id)).forEach(id -> missing[TrainerShare.of(id, trainers)]++);
        for (int t = 0; t < trainers; t++) {
            missing[t] = (batchSize - missing[t] % batchSize) % batchSize;
        }
        // further generated events, each kept only when a trainer that it goes to needs one more
        GeneratedLines lines = new GeneratedLines(GeneratorConfig.defaults().withSeed(SEED), Long.MAX_VALUE);
        for (long i = 0; i < events + filler; i++) {
            lines.next();
        }
        List<RawRecord> more = new ArrayList<>();
        while (Arrays.stream(missing).sum() > 0) {
            RawRecord line = lines.next();
            filler++;
            String id = line.source() + ":" + line.lineNumber();
            int trainer = TrainerShare.of(id, trainers);
            if (!split.isValidation(id) && missing[trainer] > 0) {
                missing[trainer]--;
                more.add(line);
            }
        }
        if (!more.isEmpty()) {
            write(more.iterator(), more.size(), 0);
            keys = keys();
        }
        long digest = EventIdDigest.EMPTY;
        long trainingEvents = 0;
        for (String id : keys) {
            if (!split.isValidation(id)) {
                digest = EventIdDigest.add(digest, id);
                trainingEvents++;
            }
        }
        return new Expected(keys.size(), trainingEvents, digest, keys.size() - new HashSet<>(keys).size());
    }

    /** The event ids of the topic's records, duplicates included. */
    private List<String> keys() {
        return TopicContents.read(KafkaCluster.at(bootstrap), topic, READ_PATIENCE).stream().map(ConsumerRecord::key).toList();
    }

    private void write(Iterator<RawRecord> lines, long count, double eventsPerSecond) throws InterruptedException {
        Schema schema = Schema.of(Format.CRITEO);
        try (KafkaProducer<String, String> producer = EventProducers.open(KafkaCluster.at(bootstrap))) {
            new Replayer(producer, new ExampleParser(schema, schema.defaultTask()),
                    new Replayer.Options(topic, count, eventsPerSecond, TimeSpread.endingNow(TimeSpread.DEFAULT_SPAN, count), BadLinePolicy.STOP))
                    .replay(lines, n -> { });
        }
    }
}
