package dev.autoloss.jobs.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.cli.AutolossCli;
import dev.autoloss.jobs.embedded.EmbeddedKafka;
import dev.autoloss.jobs.kafka.Topics;
import dev.autoloss.jobs.kafka.EventProducers;
import dev.autoloss.jobs.testing.SharedKafka;
import dev.autoloss.jobs.testing.TopicRecords;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.RecordReader;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay into a real (embedded) Kafka broker, read back with a consumer. */
class ReplayTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static EmbeddedKafka kafka;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startKafka() {
        kafka = SharedKafka.get();
    }

    @Test
    void criteoLinesGoOutKeyedByFileAndLineWithTimesSpreadOverTheSpan() throws Exception {
        Path sample = SharedData.require("criteo/criteo_train_8000.tsv");
        String topic = topic();

        int exit = AutolossCli.newCommandLine().execute("replay", "--data", sample.toString(), "--format", "criteo",
                "--topic", topic, "--bootstrap", kafka.bootstrapServers(), "--limit", "500", "--time-span", "7d");

        assertEquals(0, exit, "replay should succeed");
        List<ConsumerRecord<String, String>> records = TopicRecords.read(kafka.bootstrapServers(), topic, 500, PATIENCE);
        assertEquals(500, records.size(), "one record per line, up to --limit");
        List<String> lines = Files.readAllLines(sample).subList(0, 500);
        for (int i = 0; i < 500; i++) {
            assertEquals("criteo_train_8000.tsv:" + (i + 1), records.get(i).key(), "key = file name + line number");
            assertEquals(lines.get(i), records.get(i).value(), "value = the raw line");
        }
        long first = records.get(0).timestamp();
        long last = records.get(499).timestamp();
        long sevenDays = Duration.ofDays(7).toMillis();
        assertEquals(sevenDays, last - first, 1, "the first and last of the 500 lines are 7 days apart");
        assertTrue(Math.abs(System.currentTimeMillis() - last) < Duration.ofMinutes(5).toMillis(), "the span ends now");
    }

    @Test
    void avazuRecordsAreKeyedByTheirIdAndStampedWithTheirHour() throws Exception {
        Path sample = SharedData.require("avazu/avazu_sample.txt");
        String topic = topic();
        ReplayReport report;
        try (KafkaProducer<String, String> producer = producer(); RecordReader reader = RecordReader.open(Format.AVAZU, sample)) {
            report = replayer(producer, Format.AVAZU, topic, BadLinePolicy.SKIP).replay(reader, n -> { });
        }

        List<ConsumerRecord<String, String>> records = TopicRecords.read(kafka.bootstrapServers(), topic, (int) report.sent(), PATIENCE);
        assertEquals(report.sent(), records.size());
        ConsumerRecord<String, String> first = records.get(0);
        assertEquals("1000009418151094273", first.key(), "Avazu's id is the key");
        assertEquals(1413849600000L, first.timestamp(), "hour 14102100 is 2014-10-21T00:00Z");
    }

    @Test
    void badLinesAreReportedWithTheirLineNumbersAndNotSent() throws Exception {
        Path file = criteoFileWithBadLines();
        String topic = topic();
        ReplayReport report;
        try (KafkaProducer<String, String> producer = producer(); RecordReader reader = RecordReader.open(Format.CRITEO, file)) {
            report = replayer(producer, Format.CRITEO, topic, BadLinePolicy.SKIP).replay(reader, n -> { });
        }

        assertEquals(6, report.read());
        assertEquals(4, report.sent(), "the four good lines are sent");
        assertEquals(2, report.badLines().count());
        assertTrue(report.badLines().first().get(0).contains(":3:"), "first bad line is line 3: " + report.badLines().first());
        assertTrue(report.badLines().first().get(1).contains(":5:"), "second bad line is line 5: " + report.badLines().first());
        List<ConsumerRecord<String, String>> records = TopicRecords.read(kafka.bootstrapServers(), topic, 4, PATIENCE);
        assertEquals(List.of("bad.tsv:1", "bad.tsv:2", "bad.tsv:4", "bad.tsv:6"), records.stream().map(ConsumerRecord::key).toList());
    }

    @Test
    void stopPolicyStopsAtTheFirstBadLineNamingIt() throws Exception {
        Path file = criteoFileWithBadLines();
        String topic = topic();
        try (KafkaProducer<String, String> producer = producer(); RecordReader reader = RecordReader.open(Format.CRITEO, file)) {
            Replayer.BadLineStop stop = assertThrows(Replayer.BadLineStop.class,
                    () -> replayer(producer, Format.CRITEO, topic, BadLinePolicy.STOP).replay(reader, n -> { }));
            assertTrue(stop.getMessage().contains("bad.tsv:3"), stop.getMessage());
        }
        assertEquals(2, TopicRecords.read(kafka.bootstrapServers(), topic, 3, Duration.ofSeconds(3)).size(), "the lines before the bad one are sent");
    }

    @Test
    void generatorReplaysWithoutAFileAtTheRateAsked() throws Exception {
        String topic = "replay-" + UUID.randomUUID(); // replay creates it, with --partitions
        long started = System.nanoTime();

        int exit = AutolossCli.newCommandLine().execute("replay", "--generate", "300", "--seed", "7", "--rate", "1000",
                "--topic", topic, "--bootstrap", kafka.bootstrapServers(), "--partitions", "3");

        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(0, exit);
        assertTrue(seconds >= 0.29, "300 events at 1000/s cannot go out in " + seconds + " s");
        List<ConsumerRecord<String, String>> records = TopicRecords.read(kafka.bootstrapServers(), topic, 300, PATIENCE);
        assertEquals(300, records.size());
        assertEquals(3, records.stream().map(ConsumerRecord::partition).distinct().count(), "keys spread over the 3 partitions");
        String firstLine = new GeneratedLines(GeneratorConfig.defaults().withSeed(7), 1).next().line();
        assertTrue(records.stream().anyMatch(r -> r.value().equals(firstLine)), "the generator's first line is in the topic");
    }

    private Path criteoFileWithBadLines() throws IOException {
        List<String> good = Files.readAllLines(SharedData.require("criteo/criteo_train_8000.tsv")).subList(0, 4);
        List<String> lines = new ArrayList<>(List.of(good.get(0), good.get(1), "not\ta\tcriteo\tline", good.get(2),
                "7" + good.get(3).substring(1), good.get(3)));
        Path file = tmp.resolve("bad.tsv");
        Files.write(file, lines);
        return file;
    }

    private static Replayer replayer(KafkaProducer<String, String> producer, Format format, String topic, BadLinePolicy policy) {
        Schema schema = Schema.of(format);
        return new Replayer(producer, new ExampleParser(schema, schema.defaultTask()),
                new Replayer.Options(topic, Long.MAX_VALUE, 0, TimeSpread.endingNow(TimeSpread.DEFAULT_SPAN, 100), policy));
    }

    private static KafkaProducer<String, String> producer() {
        return EventProducers.open(kafka.cluster());
    }

    private static String topic() {
        String topic = "replay-" + UUID.randomUUID();
        Topics.ensure(kafka.cluster(), topic, 1, Map.of());
        return topic;
    }
}
