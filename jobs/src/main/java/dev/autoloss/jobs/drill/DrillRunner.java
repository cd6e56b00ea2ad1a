package dev.autoloss.jobs.drill;

import dev.autoloss.jobs.kafka.KafkaCluster;
import dev.autoloss.jobs.kafka.Topics;
import dev.autoloss.jobs.snapshot.RedisAddress;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.RedisSnapshotStore;
import dev.autoloss.jobs.snapshot.RedisSnapshotStore.Served;
import dev.autoloss.jobs.snapshot.StoreSettings;
import dev.autoloss.jobs.train.TrainOptions;
import dev.autoloss.jobs.train.TrainerFactory;
import dev.autoloss.jobs.train.TrainingStatus;
import dev.autoloss.jobs.train.ValidationSplit;
import io.lettuce.core.RedisException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs fault drills on a live stream: replays generated events at a steady rate, starts the train job, waits until it
 * trains and serves a model, strikes the fault and recovers, and waits for the stream to be trained. Then checks what
 * a user relies on: every training event trained exactly once (count and id digest from the job's own counters),
 * the latest version only ever going up and always whole, and how long until a model newer than any served before
 * the fault was served. What the job must train is what the topic holds (see {@link DrillStream}): records a producer
 * wrote twice are counted apart, as the producer's, not the job's.
 */
public final class DrillRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DrillRunner.class);

    /**
     * @param bootstrap       the Kafka brokers
     * @param redis           the Redis URI (the drill's processes get it on their command lines: a Redis without a password)
     * @param folder          where the drills keep checkpoints and logs
     * @param events          at least this many events per drill
     * @param eventsPerSecond their replay rate
     * @param patience        longest wait for each stage (trained, recovered, caught up)
     * @param jobFlags        train flags every drill's job gets (model size, intervals)
     */
    public record Settings(String bootstrap, String redis, Path folder, long events, double eventsPerSecond, Duration patience,
                           List<String> jobFlags) {}

    private final Settings settings;
    private final RedisAddress redis;

    public DrillRunner(Settings settings) {
        this.settings = settings;
        this.redis = RedisAddress.of(settings.redis());
    }

    /** Runs drill {@code name}: {@code fault} struck on the job {@code jobs} makes from the train flags. */
    public <J extends DrilledJob> DrillResult run(String name, Fault<J> fault, Function<List<String>, J> jobs) throws Exception {
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        String topic = "drill-" + id;
        List<String> flags = new ArrayList<>(settings.jobFlags());
        flags.addAll(List.of("--bootstrap", settings.bootstrap(), "--topic", topic, "--group-id", "drill-" + id,
                "--redis", settings.redis(), "--redis-prefix", "autoloss-drill:" + id,
                "--checkpoint-dir", settings.folder().resolve("checkpoints").toUri().toString()));
        TrainOptions options = TrainOptions.parse(flags.toArray(String[]::new));
        DrillStream stream = new DrillStream(settings.bootstrap(), topic, settings.events());
        Topics.ensure(KafkaCluster.at(settings.bootstrap()), topic, 2, Map.of());
        LOG.info("drill {}: {} events at {} events/s into {}", name, stream.events(), settings.eventsPerSecond(), topic);

        StoreSettings store = options.storeSettings();
        try (VersionWatcher watcher = new VersionWatcher(redis, store.keys()); J job = jobs.apply(flags)) {
            job.start();
            await("the job to start (its first status record)", store, s -> true);
            CompletableFuture<Void> replay = CompletableFuture.runAsync(() -> replay(stream)); // a live stream from here on
            TrainingStatus before = await("the job trains and serves a model", store,
                    s -> s.eventsTrained() >= stream.events() / 5 && s.modelVersion() > 0);
            Served served = served(store);
            LOG.info("drill {}: striking at {} trained events, version {} (step {}) served", name, before.eventsTrained(),
                    served.version(), served.step().orElse(-1));
            long struck = System.nanoTime();
            fault.strikeAndRecover(job);
            // a version the old run committed as it went down (a killed process's last write) is not a recovery
            Served afterFault = served(store);
            double recovery = awaitNewerModel(newer(served, afterFault), store, struck);
            LOG.info("drill {}: a newer model was served {} s after the fault", name, String.format("%.1f", recovery));
            replay.get();
            DrillStream.Expected expected = stream.toppedUp(new ValidationSplit(options.validationShare), TrainerFactory.config(options).batchSize(), options.trainers);
            TrainingStatus done = await("the job trains every event", store, s -> s.eventsTrained() >= expected.trainingEvents());
            return result(name, expected, done, watcher, recovery);
        } finally {
            deleteKeys(store);
        }
    }

    private void replay(DrillStream stream) {
        try {
            stream.replay(settings.eventsPerSecond());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static DrillResult result(String drill, DrillStream.Expected expected, TrainingStatus done, VersionWatcher watcher, double recovery) {
        long lost = Math.max(0, expected.trainingEvents() - done.eventsTrained());
        long duplicates = Math.max(0, done.eventsTrained() - expected.trainingEvents());
        boolean digest = done.trainedIdDigest() == expected.trainingDigest();
        List<String> problems = new ArrayList<>();
        boolean monotonic = increasing(watcher.read()) && increasing(watcher.announced()) && watcher.failures().isEmpty();
        if (!monotonic) {
            problems.add("versions read " + watcher.read() + ", announced " + watcher.announced() + ", failed reads " + watcher.failures());
        }
        if (!digest) {
            problems.add("the trained events' id digest is not that of the events sent: an event was lost or trained twice");
        }
        boolean passed = lost == 0 && duplicates == 0 && digest && monotonic;
        return new DrillResult(drill, expected.records(), done.eventsTrained(), lost, duplicates, digest, monotonic, recovery, passed,
                expected.duplicatedRecords(), String.join("; ", problems));
    }

    private static boolean increasing(List<Long> versions) {
        for (int i = 1; i < versions.size(); i++) {
            if (versions.get(i) <= versions.get(i - 1)) {
                return false;
            }
        }
        return true;
    }

    /** Seconds from {@code struckNanos} until a complete version newer and further trained than {@code before} is served. */
    private double awaitNewerModel(Served before, StoreSettings store, long struckNanos) throws InterruptedException {
        long deadline = System.nanoTime() + settings.patience().toNanos();
        while (System.nanoTime() < deadline) {
            Served now = served(store);
            if (now.version() > before.version() && now.step().orElse(-1) > before.step().orElse(-1)) {
                return (System.nanoTime() - struckNanos) / 1e9;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no model newer than version " + before.version() + " was served within "
                + settings.patience().toSeconds() + " s of the fault");
    }

    private static Served newer(Served a, Served b) {
        return b.version() > a.version() && b.step().isPresent() ? b : a;
    }

    /** What the store serves; Redis away reads as nothing served. */
    private Served served(StoreSettings store) {
        try (RedisEndpoint endpoint = RedisEndpoint.connect(redis)) {
            return new RedisSnapshotStore(endpoint, store).served();
        } catch (RedisException away) {
            return new Served(0, OptionalLong.empty());
        }
    }

    private TrainingStatus await(String what, StoreSettings store, Predicate<TrainingStatus> condition) throws InterruptedException {
        long deadline = System.nanoTime() + settings.patience().toNanos();
        TrainingStatus last = null;
        while (System.nanoTime() < deadline) {
            last = status(store).orElse(last);
            if (last != null && condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("waited " + settings.patience().toSeconds() + " s for " + what + "; last status: "
                + (last == null ? "none" : last.summary()));
    }

    private Optional<TrainingStatus> status(StoreSettings store) {
        try (RedisEndpoint endpoint = RedisEndpoint.connect(redis)) {
            return TrainingStatus.read(endpoint, store.keys());
        } catch (RedisException away) {
            return Optional.empty();
        }
    }

    private void deleteKeys(StoreSettings store) {
        try (RedisEndpoint endpoint = RedisEndpoint.connect(redis)) {
            endpoint.deleteKeysUnder(store.prefix());
        } catch (RedisException e) {
            LOG.warn("could not delete the drill's Redis keys under {}: {}", store.prefix(), e.getMessage());
        }
    }
}
