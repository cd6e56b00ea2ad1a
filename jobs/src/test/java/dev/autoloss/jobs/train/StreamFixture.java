package dev.autoloss.jobs.train;

import dev.autoloss.jobs.embedded.EmbeddedKafka;
import dev.autoloss.jobs.kafka.Topics;
import dev.autoloss.jobs.replay.BadLinePolicy;
import dev.autoloss.jobs.replay.ReplayReport;
import dev.autoloss.jobs.replay.Replayer;
import dev.autoloss.jobs.replay.TimeSpread;
import dev.autoloss.jobs.snapshot.RedisAddress;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.StoreSettings;
import dev.autoloss.jobs.kafka.EventProducers;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;

/** What the train job tests share: the Criteo sample replayed into a topic, small-model options, the status record. */
final class StreamFixture {

    static final String SAMPLE = "criteo/criteo_train_8000.tsv";

    private StreamFixture() {}

    /** The sample's first {@code n} lines as numbered records, named like replay names them. */
    static List<RawRecord> sampleLines(int n) throws IOException {
        Path sample = SharedData.require(SAMPLE);
        List<RawRecord> records = new ArrayList<>();
        List<String> lines = Files.readAllLines(sample).subList(0, n);
        for (int i = 0; i < lines.size(); i++) {
            records.add(new RawRecord(sample.getFileName().toString(), i + 1, lines.get(i)));
        }
        return records;
    }

    /** Writes the records to a new topic as replay does; returns the report. */
    static ReplayReport replay(EmbeddedKafka kafka, String topic, Iterator<RawRecord> records, double eventsPerSecond) throws InterruptedException {
        Topics.ensure(kafka.cluster(), topic, 2, Map.of());
        Schema schema = Schema.of(Format.CRITEO);
        try (KafkaProducer<String, String> producer = EventProducers.open(kafka.cluster())) {
            return new Replayer(producer, new ExampleParser(schema, schema.defaultTask()),
                    new Replayer.Options(topic, Long.MAX_VALUE, eventsPerSecond, TimeSpread.endingNow(TimeSpread.DEFAULT_SPAN, 8000),
                            BadLinePolicy.SKIP)).replay(records, n -> { });
        }
    }

    /** Options for a small, fast model on {@code topic}, under Redis prefix {@code prefix}; {@code extra} flags override. */
    static TrainOptions options(EmbeddedKafka kafka, String topic, RedisAddress redis, String prefix, Path checkpoints, String... extra) {
        Map<String, String> flags = new LinkedHashMap<>();
        String[] defaults = {
                "--bootstrap", kafka.bootstrapServers(), "--topic", topic, "--group-id", "test-" + UUID.randomUUID(),
                "--format", "criteo", "--batch-size", "256", "--validation-buffer", "1024", "--table-rows", "65536",
                "--parallelism", "2", "--checkpoint-interval", "300ms", "--checkpoint-dir", checkpoints.toUri().toString(),
                "--redis-prefix", prefix, "--status-interval", "500ms"};
        putFlags(flags, defaults);
        putFlags(flags, extra);
        List<String> args = new ArrayList<>();
        flags.forEach((flag, value) -> {
            args.add(flag);
            if (value != null) {
                args.add(value);
            }
        });
        TrainOptions options = TrainOptions.parse(args.toArray(String[]::new));
        options.redis.server.use(redis);
        return options;
    }

    /** Flags with their values (null for a switch such as --bounded), a later one replacing an earlier one. */
    private static void putFlags(Map<String, String> flags, String[] args) {
        for (int i = 0; i < args.length; i++) {
            boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
            flags.put(args[i], hasValue ? args[++i] : null);
        }
    }

    /** The job's status record, or null when there is none. */
    static TrainingStatus status(RedisAddress redis, String prefix) {
        try (RedisEndpoint endpoint = RedisEndpoint.connect(redis)) {
            return TrainingStatus.read(endpoint, StoreSettings.defaults(prefix).keys()).orElse(null);
        }
    }

    /** The job's status once it satisfies {@code condition}, or the last one seen after a minute; fails when there is none. */
    static TrainingStatus awaitStatus(RedisAddress redis, String prefix, Predicate<TrainingStatus> condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        TrainingStatus status = status(redis, prefix);
        while ((status == null || !condition.test(status)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            status = status(redis, prefix);
        }
        if (status == null) {
            throw new AssertionError("the job wrote no status under " + prefix);
        }
        return status;
    }

    /** Ids of the training events among {@code ids}, by the job's own split. */
    static List<String> trainingIds(List<String> ids, TrainOptions options) {
        ValidationSplit split = new ValidationSplit(options.validationShare);
        return ids.stream().filter(id -> !split.isValidation(id)).toList();
    }

    /** The ids replay gives the records. */
    static List<String> ids(List<RawRecord> lines) {
        return lines.stream().map(r -> r.source() + ":" + r.lineNumber()).toList();
    }

    /** The longest head of {@code lines} whose training events fill whole batches: an unbounded job never trains a partial one. */
    static List<RawRecord> wholeBatches(List<RawRecord> lines, TrainOptions options) {
        int n = lines.size();
        while (trainingIds(ids(lines.subList(0, n)), options).size() % TrainerFactory.config(options).batchSize() != 0) {
            n--;
        }
        return lines.subList(0, n);
    }

    static long digest(List<String> ids) {
        long digest = EventIdDigest.EMPTY;
        for (String id : ids) {
            digest = EventIdDigest.add(digest, id);
        }
        return digest;
    }
}
