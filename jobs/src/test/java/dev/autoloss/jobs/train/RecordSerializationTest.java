package dev.autoloss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.autoloss.model.features.Example;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The records between operators and in checkpoints get Flink's own serializers, never the Kryo fallback. */
class RecordSerializationTest {

    @Test
    void parsedEventsRoundTripThroughFlinksPojoSerializer() throws Exception {
        ParsedEvent event = new ParsedEvent(new Example("criteo.tsv:7", -1, 1f, new long[] {3, -5, Long.MAX_VALUE}), true, 1234, 2, 99);

        ParsedEvent back = roundTrip(event, ParsedEvent.class);

        assertEquals("criteo.tsv:7", back.example().eventId());
        assertArrayEquals(event.example().keys(), back.example().keys());
        assertEquals(event.validation(), back.validation());
        assertEquals(99, back.offset());
    }

    @Test
    void countersAndRejectedEventsRoundTrip() throws Exception {
        TrainingCounters counters = new TrainingCounters(10, 2, 1, -77, 5, 40, new long[] {11, 12}, new long[] {9, 12});
        assertArrayEquals(counters.nextOffsets(), roundTrip(counters, TrainingCounters.class).nextOffsets());
        assertEquals(-77, roundTrip(counters, TrainingCounters.class).trainedIdDigest());
        RejectedEvent rejected = new RejectedEvent(null, "x", "BAD_LABEL", "events/0@3: bad", "events", 0, 3);
        assertEquals(rejected, roundTrip(rejected, RejectedEvent.class));
    }

    private static <T> T roundTrip(T value, Class<T> type) throws Exception {
        TypeInformation<T> info = TypeInformation.of(type);
        assertInstanceOf(PojoTypeInfo.class, info, type.getSimpleName() + " must be a POJO type for Flink, not a generic (Kryo) one");
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<T> serializer = info.createSerializer(config);
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
    }
}
