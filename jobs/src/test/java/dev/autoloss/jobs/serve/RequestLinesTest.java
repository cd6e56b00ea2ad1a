package dev.autoloss.jobs.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.Schema;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestLinesTest {

    @Test
    void streamedLinesSkipTheFormatsHeaderAndAreNamedByLineNumber() throws Exception {
        String input = Schema.of(Format.AVAZU).headerLine() + "\nfirst\nsecond\n";
        try (RequestLines lines = RequestLines.of(Format.AVAZU, "stdin", new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)))) {
            ScoringRequest first = lines.next();
            assertEquals("stdin:2", first.requestId(), "line numbers count the header, as an editor shows them");
            assertEquals("first", first.line());
            assertEquals("stdin:3", lines.next().requestId());
            assertFalse(lines.hasNext());
            assertEquals(2, lines.count());
        }
    }

    @Test
    void aFormatWithoutHeaderKeepsItsFirstLine() throws Exception {
        try (RequestLines lines = RequestLines.of(Format.CRITEO, "stdin", new ByteArrayInputStream("a\tb\n".getBytes(StandardCharsets.UTF_8)))) {
            assertEquals("stdin:1", lines.next().requestId());
        }
    }
}
