package dev.autoloss.jobs.train;

import dev.autoloss.jobs.kafka.Topics;
import dev.autoloss.jobs.resume.JobLineage;
import dev.autoloss.jobs.resume.StartPoint;
import dev.autoloss.jobs.snapshot.PublisherLease;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.model.train.TrainerConfig;
import io.lettuce.core.RedisException;
import org.apache.flink.api.common.JobExecutionResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink job {@code train}: Kafka events -> parse + hash + split (parallel) -> one trainer that
 * checkpoints the model and publishes it to Redis; malformed events -> the dead-letter topic.
 * Runs on a local MiniCluster from {@code autoloss train}, or unchanged on a cluster:
 * {@code flink run -c dev.autoloss.jobs.train.TrainJob autoloss.jar --bootstrap kafka:9092 ...}
 * (the flags are those of {@link TrainOptions}).
 */
public final class TrainJob {

    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
    private static final MemorySize NETWORK_BUFFER_SIZE = MemorySize.parse("256kb");

    private TrainJob() {}

    public static void main(String[] args) throws Exception {
        run(StreamExecutionEnvironment.getExecutionEnvironment(), TrainOptions.parse(args));
    }

    /** Runs the job on {@code env} until it ends (bounded) or fails. */
    public static JobExecutionResult run(StreamExecutionEnvironment env, TrainOptions options) throws Exception {
        build(env, options);
        return env.execute(jobName(options));
    }

    public static String jobName(TrainOptions options) {
        TrainerConfig trainer = TrainerFactory.config(options);
        return "autoloss train " + trainer.model().cliName() + "/" + trainer.method().cliName() + " on " + options.topic;
    }

    /** Configures {@code env} for the job (checkpoints, state backend, restarts) and adds the pipeline to it. */
    public static void build(StreamExecutionEnvironment env, TrainOptions options) {
        awaitPublisherLease(options); // before anything of the job's checkpoints is touched
        JobLineage lineage = lineage(options);
        StartPoint start = lineage.startPoint(env.getConfiguration(), options.recovery.fromSavepoint, options.fresh);
        PublishedStart published = start.isNew() && options.resumeFromRedis ? PublishedStart.find(options) : null;
        if (start.isNew() && !options.fresh && published == null) {
            PublishedModelCheck.refuseToReplace(options, lineage);
        }
        LOG.info("{} (checkpoints in {}): {}", jobName(options), lineage.folder(), published == null ? start.describe()
                : "resuming the model from Redis version " + published.version() + " (step " + published.step() + "), Kafka from offsets " + published.offsets());
        env.configure(flinkConfiguration(options));
        env.configure(lineage.configuration(start));
        Topics.ensure(options.kafka(), options.deadLetterTopic(), 1, Map.of());

        // uids name each operator's state in checkpoints and savepoints, so that they survive changes to the graph
        DataStream<KafkaEvent> events = env.fromSource(source(options, published), WatermarkStrategy.noWatermarks(), "kafka: " + options.topic)
                .uid("events-source");
        SingleOutputStreamOperator<ParsedEvent> parsed = events
                .process(new ParseAndHash(options.format, options.task(), options.topic, new ValidationSplit(options.validationShare)))
                .name("parse + hash + split").uid("parse");
        DataStream<RejectedEvent> rejected = parsed.getSideOutput(ParseAndHash.REJECTED);
        rejected.sinkTo(deadLetterSink(options)).name("kafka: " + options.deadLetterTopic()).uid("dead-letter-sink");
        if (options.trainers == 1) {
            parsed.connect(rejected)
                    .transform("trainer", TypeInformation.of(ReplicaDelta.class), new TrainerOperator(options, published)).uid("trainer")
                    .setParallelism(1)
                    .setMaxParallelism(1)
                    .sinkTo(new DiscardingSink<>()).name("(the trainer publishes to Redis itself)").uid("discard").setParallelism(1);
        } else {
            addTrainers(options, parsed, rejected);
        }
        if (options.parallelism > 0) {
            env.setParallelism(options.parallelism);
        }
    }

    /**
     * Several trainers, each fed its share of the events ({@link TrainerShare}); each sends the delta of its steps at every
     * checkpoint to the merged model, which publishes, and through a Kafka topic to the others, which add it.
     */
    private static void addTrainers(TrainOptions options, DataStream<ParsedEvent> parsed, DataStream<RejectedEvent> rejected) {
        int n = options.trainers;
        Topics.ensure(options.kafka(), options.trainerDeltaTopic(), n, Map.of());
        SingleOutputStreamOperator<ReplicaDelta> deltas = parsed.connect(rejected)
                .keyBy(event -> event.example().eventId(), event -> event.partition() + ":" + event.offset(), Types.STRING)
                .transform("trainer", TypeInformation.of(ReplicaDelta.class), new TrainerOperator(options, null)).uid("trainer")
                .setParallelism(n)
                .setMaxParallelism(n);
        deltas.flatMap((ReplicaDelta delta, Collector<ReplicaDeltaChunk> out) -> ReplicaDeltaChunk.split(delta).forEach(out::collect))
                .returns(ReplicaDeltaChunk.class).name("split trainer deltas").uid("split-trainer-deltas").setParallelism(n)
                .sinkTo(ReplicaDeltaSink.of(options)).name("kafka: " + options.trainerDeltaTopic()).uid("trainer-delta-sink").setParallelism(n);
        deltas.global()
                .transform("merged model", Types.VOID, new MergedModelOperator(options)).uid("merged-model").setParallelism(1).setMaxParallelism(1)
                .sinkTo(new DiscardingSink<>()).name("(the merged model publishes to Redis itself)").uid("discard").setParallelism(1);
    }

    /**
     * Refuses to start beside a live train job under the same Redis prefix (one model, one job: it would take over that
     * job's checkpoints), after waiting for the lease of one that died to expire.
     */
    private static void awaitPublisherLease(TrainOptions options) {
        try (RedisEndpoint redis = RedisEndpoint.connect(options.redis.address())) {
            PublisherLease.awaitFree(redis, options.storeSettings().keys());
        } catch (RedisException e) {
            LOG.warn("Redis at {} does not answer, so whether another train job publishes under prefix {} is unknown; this job starts,"
                    + " and publishes only once it holds the prefix's lease", options.redis.address(), options.redis.prefix);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the publisher lease of prefix " + options.redis.prefix, e);
        }
    }

    /** The job across runs: one per model, that is per Redis prefix. */
    public static JobLineage lineage(TrainOptions options) {
        return JobLineage.of(options.recovery.checkpointDir, "autoloss train " + options.redis.prefix);
    }

    /** Exactly-once checkpoints at the configured interval, the chosen state backend, restarts from the last checkpoint. */
    public static Configuration flinkConfiguration(TrainOptions options) {
        Configuration config = new Configuration();
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, options.checkpointInterval);
        config.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        // the trainer is slower than Kafka, so events queue before it: unaligned barriers overtake them and
        // the checkpoint (and the version it publishes) completes in time; the queued events are checkpointed with it
        config.set(CheckpointingOptions.ENABLE_UNALIGNED, true);
        config.set(StateBackendOptions.STATE_BACKEND, options.stateBackend);
        // Flink 2.2 reads uncompressed operator state back one byte per system call (CompressibleFSDataInputStream
        // lacks a bulk read): restoring a 200 MB trainer took minutes. Through the decompressor it reads in blocks.
        config.set(ExecutionOptions.SNAPSHOT_COMPRESSION, true);
        // Flink 2 gives each input channel a fixed number of network buffers (2, plus 8 floating per gate): at 32 KiB
        // they hold a fraction of a training batch, so the parsers stalled after each step until the trainer took
        // in more. 256 KiB buffers let them run a batch ahead while TensorFlow works. A TaskManager setting: a
        // MiniCluster takes it from here, a cluster from its own configuration (see the README).
        config.set(TaskManagerOptions.MEMORY_SEGMENT_SIZE, NETWORK_BUFFER_SIZE);
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, options.restartAttempts);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        // every record type has a real serializer; a Kryo fallback would be slow and break across versions
        config.set(PipelineOptions.GENERIC_TYPES, false);
        return config;
    }

    /** From the group's committed offsets, or those a published version had not yet trained when the model resumes from it. */
    static KafkaSource<KafkaEvent> source(TrainOptions options, PublishedStart published) {
        OffsetsInitializer starting = OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        if (published != null) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            published.offsets().forEach((partition, offset) -> offsets.put(new TopicPartition(options.topic, partition), offset));
            starting = OffsetsInitializer.offsets(offsets, OffsetResetStrategy.EARLIEST);
        }
        return options.source.source(options.topic, options.groupId, starting, new KafkaEventDeserializer());
    }

    /**
     * Dead letters are written in Kafka transactions committed with each checkpoint, so that a restore never
     * repeats one: consumers of the dead-letter topic read with {@code isolation.level=read_committed} and see a
     * dead letter once its checkpoint has completed.
     */
    static KafkaSink<RejectedEvent> deadLetterSink(TrainOptions options) {
        return transactionalSink(options, "dead-letters", new DeadLetterSerializer(options.deadLetterTopic()));
    }

    /** A sink writing in Kafka transactions committed with each checkpoint (ids {@code autoloss-GROUP-PURPOSE-...}). */
    static <T> KafkaSink<T> transactionalSink(TrainOptions options, String purpose, KafkaRecordSerializationSchema<T> serializer) {
        return KafkaSink.<T>builder()
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("autoloss-" + options.groupId + "-" + purpose)
                // the brokers' default transaction.max.timeout.ms: a transaction outlives any sane checkpoint interval
                .setProperty("transaction.timeout.ms", Long.toString(Duration.ofMinutes(15).toMillis()))
                .setKafkaProducerConfig(options.kafka().clientProperties()) // last, as for the source
                .build();
    }
}
