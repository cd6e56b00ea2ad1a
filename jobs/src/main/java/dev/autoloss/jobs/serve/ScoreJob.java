package dev.autoloss.jobs.serve;

import dev.autoloss.jobs.resume.JobLineage;
import dev.autoloss.jobs.resume.StartPoint;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink job {@code score}: Kafka requests -> score with the latest model version (a follower per
 * parallel instance) -> a prediction or error record per request in Redis. Runs on a local MiniCluster
 * from {@code autoloss score}, or unchanged on a cluster:
 * {@code flink run -c dev.autoloss.jobs.serve.ScoreJob autoloss.jar --bootstrap kafka:9092 --redis redis://redis:6379 ...}
 * (the flags are those of {@link ScoreOptions}).
 */
public final class ScoreJob {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);

    private ScoreJob() {}

    public static void main(String[] args) throws Exception {
        run(StreamExecutionEnvironment.getExecutionEnvironment(), ScoreOptions.parse(args));
    }

    /** Runs the job on {@code env} until it ends (bounded) or fails. */
    public static JobExecutionResult run(StreamExecutionEnvironment env, ScoreOptions options) throws Exception {
        build(env, options);
        return env.execute(jobName(options));
    }

    public static String jobName(ScoreOptions options) {
        return "autoloss score " + options.topic + " -> " + options.redis.prefix;
    }

    public static void build(StreamExecutionEnvironment env, ScoreOptions options) {
        JobLineage lineage = JobLineage.of(options.recovery.checkpointDir, jobName(options) + " as " + options.groupId);
        StartPoint start = lineage.startPoint(env.getConfiguration(), options.recovery.fromSavepoint, false);
        LOG.info("{} (checkpoints in {}): {}", jobName(options), lineage.folder(), start.describe());
        env.configure(flinkConfiguration(options));
        env.configure(lineage.configuration(start));
        // uids name each operator's state in checkpoints and savepoints, so that they survive changes to the graph
        env.fromSource(source(options), WatermarkStrategy.noWatermarks(), "kafka: " + options.topic).uid("requests-source")
                .transform("score", Types.LIST(TypeInformation.of(PredictionRecord.class)), new ScoringOperator(options)).uid("scorer")
                .sinkTo(new PredictionSink(options.redis, options.predictionTtl)).name("redis: predictions").uid("predictions-sink");
        env.setParallelism(options.parallelism);
    }

    /** Periodic checkpoints (they commit the Kafka offsets); at least once, since a replayed request only rewrites its own key. */
    static Configuration flinkConfiguration(ScoreOptions options) {
        Configuration config = new Configuration();
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, options.checkpointInterval);
        config.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.AT_LEAST_ONCE);
        // every record type has a real serializer; a Kryo fallback would be slow and break across versions
        config.set(PipelineOptions.GENERIC_TYPES, false);
        return config;
    }

    static KafkaSource<ScoringRequest> source(ScoreOptions options) {
        return options.source.source(options.topic, options.groupId, OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST),
                new ScoringRequestDeserializer());
    }
}
