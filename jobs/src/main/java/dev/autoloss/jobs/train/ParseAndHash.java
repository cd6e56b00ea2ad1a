package dev.autoloss.jobs.train;

import dev.autoloss.model.features.BadRecordException;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.features.Task;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses and hashes one event line and decides its side of the validation split. A line that does not
 * parse goes to the {@link #REJECTED} side output with the parser's reason; the job keeps running.
 * The event id is the record's key (what replay wrote); the parser's own id only stands in when the
 * key is missing.
 */
final class ParseAndHash extends ProcessFunction<KafkaEvent, ParsedEvent> {

    static final OutputTag<RejectedEvent> REJECTED = new OutputTag<>("rejected") {};

    private final Format format;
    private final Task task;
    private final String topic;
    private final ValidationSplit split;

    private transient ExampleParser parser;
    private transient Counter parsed;
    private transient Counter rejected;

    ParseAndHash(Format format, Task task, String topic, ValidationSplit split) {
        this.format = format;
        this.task = task;
        this.topic = topic;
        this.split = split;
    }

    @Override
    public void open(OpenContext context) {
        parser = new ExampleParser(Schema.of(format), task);
        parsed = getRuntimeContext().getMetricGroup().counter("eventsParsed");
        rejected = getRuntimeContext().getMetricGroup().counter("eventsRejected");
    }

    @Override
    public void processElement(KafkaEvent event, Context context, Collector<ParsedEvent> out) {
        Example example;
        try {
            example = parser.parse(new RawRecord(topic + "/" + event.partition(), event.offset(), event.line()));
        } catch (BadRecordException e) {
            rejected.inc();
            context.output(REJECTED, new RejectedEvent(event.key(), event.line(), e.reason().name(), e.getMessage(),
                    topic, event.partition(), event.offset()));
            return;
        }
        if (event.key() != null) {
            example = new Example(event.key(), example.eventTime(), example.label(), example.keys());
        }
        parsed.inc();
        out.collect(new ParsedEvent(example, split.isValidation(example.eventId()), event.appendTime(), event.partition(), event.offset()));
    }
}
