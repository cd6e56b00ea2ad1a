package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.kafka.EventProducers;
import dev.autoloss.jobs.kafka.KafkaClientOptions;
import dev.autoloss.jobs.kafka.KafkaCluster;
import dev.autoloss.jobs.kafka.Topics;
import dev.autoloss.jobs.replay.BadLinePolicy;
import dev.autoloss.jobs.replay.GeneratedLines;
import dev.autoloss.jobs.replay.ReplayReport;
import dev.autoloss.jobs.replay.Replayer;
import dev.autoloss.jobs.replay.TimeSpread;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.RecordReader;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.features.TimeFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code autoloss replay}: a data file, or the generator, into a Kafka topic, one record per event. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes each event line to a Kafka topic: key = event id, value = the raw line, timestamp = event time.",
                "Criteo has no time: its lines are spread evenly over --time-span ending now."})
public final class ReplayCommand implements Callable<Integer> {

    static final class Input {
        @Option(names = "--data", paramLabel = "FILE", description = "data file (.gz ok); for ml100k the folder with u.data, u.user, u.item")
        Path data;

        @Option(names = "--generate", paramLabel = "N", description = "replay N lines of the project's Criteo-format generator instead of a file")
        Long generate;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--format", defaultValue = "criteo", converter = NamedOptions.Formats.class, completionCandidates = NamedOptions.Formats.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--topic", defaultValue = "events", description = "Kafka topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--bootstrap", defaultValue = "localhost:9092", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrap;

    @Mixin
    KafkaClientOptions kafkaClient;

    @Option(names = "--partitions", defaultValue = "1", description = "partitions when the topic has to be created (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "EVENTS_PER_S", description = "rate limit in events/s; 0 = as fast as possible (default)")
    double rate;

    @Option(names = "--limit", paramLabel = "N", description = "replay at most N lines")
    Long limit;

    @Option(names = "--on-bad-line", defaultValue = "skip", paramLabel = "skip|stop",
            description = "on a line that does not parse: report it and skip it, or report it and stop (default: ${DEFAULT-VALUE})")
    String onBadLine;

    @Option(names = "--time-span", defaultValue = "7d", converter = DurationConverter.class,
            description = "span the lines of a format without time are spread over (default: ${DEFAULT-VALUE})")
    Duration timeSpan;

    @Option(names = "--seed", defaultValue = "" + GeneratorConfig.DEFAULT_SEED, description = "generator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        BadLinePolicy policy = switch (onBadLine) {
            case "skip" -> BadLinePolicy.SKIP;
            case "stop" -> BadLinePolicy.STOP;
            default -> throw new IllegalArgumentException("--on-bad-line must be skip or stop, got '" + onBadLine + "'");
        };
        Format source = input.generate != null ? Format.CRITEO : format;
        Schema schema = Schema.of(source);
        long lineLimit = limit == null ? Long.MAX_VALUE : limit;
        long expected = input.generate != null ? Math.min(lineLimit, input.generate)   // Long.MAX_VALUE: unknown
                : schema.timeFormat() == TimeFormat.NONE ? countLines(lineLimit) : lineLimit;
        TimeSpread spread = TimeSpread.endingNow(timeSpan, expected == Long.MAX_VALUE ? 1 : Math.max(1, expected));
        KafkaCluster kafka = kafkaClient.cluster(bootstrap);
        Topics.ensure(kafka, topic, partitions, Map.of());

        Replayer.Options options = new Replayer.Options(topic, lineLimit, rate, spread, policy);
        ReplayReport report;
        try (KafkaProducer<String, String> producer = EventProducers.open(kafka);
             ProgressBar bar = new ProgressBarBuilder().setTaskName("replay").setUnit(" events", 1).showSpeed()
                     .setInitialMax(expected == Long.MAX_VALUE ? -1 : expected).build();
             RecordReader reader = input.generate != null ? null : RecordReader.open(format, input.data)) {
            Iterator<RawRecord> lines = reader != null ? reader : new GeneratedLines(GeneratorConfig.defaults().withSeed(seed), input.generate);
            report = new Replayer(producer, new ExampleParser(schema, schema.defaultTask()), options).replay(lines, bar::stepTo);
        }
        report.badLines().print(System.err);
        System.out.println(report.summary(topic));
        return 0;
    }

    /** Lines in the file, up to {@code most}: a format without time needs the count to spread the lines over the span. */
    private long countLines(long most) throws IOException {
        if (!Files.exists(input.data)) {
            throw new IllegalArgumentException("--data " + input.data + " does not exist");
        }
        long count = 0;
        try (RecordReader reader = RecordReader.open(format, input.data)) {
            for (; count < most && reader.hasNext(); count++) {
                reader.next();
            }
        }
        return count;
    }
}
