package dev.autoloss.jobs.drill;

import dev.autoloss.jobs.kafka.EventProducers;
import dev.autoloss.jobs.kafka.KafkaCluster;
import dev.autoloss.jobs.replay.BadLinePolicy;
import dev.autoloss.jobs.replay.GeneratedLines;
import dev.autoloss.jobs.replay.ReplayReport;
import dev.autoloss.jobs.replay.Replayer;
import dev.autoloss.jobs.replay.TimeSpread;
import dev.autoloss.jobs.train.EventIdDigest;
import dev.autoloss.jobs.train.ValidationSplit;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.Schema;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The events of a drill: generated Criteo lines, at least as many as asked for, and a few more so that the training
 * events fill whole batches (an unbounded job trains only whole ones), so that every one of them must be trained.
 *
 * @param events          lines replayed
 * @param trainingEvents  those the job trains on (the others are validation events)
 * @param trainingDigest  {@link EventIdDigest} of the training events' ids: what the job's must be at the end
 */
record DrillStream(long seed, long events, long trainingEvents, long trainingDigest) {

    static DrillStream of(long atLeast, long seed, ValidationSplit split, int batchSize) {
        String source = GeneratedLines.sourceOf(seed);
        long events = 0;
        long training = 0;
        long digest = EventIdDigest.EMPTY;
        while (events < atLeast || training % batchSize != 0) {
            String id = source + ":" + ++events;
            if (!split.isValidation(id)) {
                training++;
                digest = EventIdDigest.add(digest, id);
            }
        }
        return new DrillStream(seed, events, training, digest);
    }

    /** Writes the events to {@code topic} at {@code eventsPerSecond}; returns when all are acknowledged. */
    ReplayReport replay(String bootstrap, String topic, double eventsPerSecond) throws InterruptedException {
        Schema schema = Schema.of(Format.CRITEO);
        try (KafkaProducer<String, String> producer = EventProducers.open(KafkaCluster.at(bootstrap))) {
            return new Replayer(producer, new ExampleParser(schema, schema.defaultTask()),
                    new Replayer.Options(topic, events, eventsPerSecond, TimeSpread.endingNow(TimeSpread.DEFAULT_SPAN, events), BadLinePolicy.STOP))
                    .replay(new GeneratedLines(GeneratorConfig.defaults().withSeed(seed), events), n -> { });
        }
    }
}
