package dev.autoloss.model.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataProfileTest {

    @TempDir
    Path dir;

    @Test
    void countsRowsLabelsDistinctValuesMissingAndRejectionsWithTheirLines() throws IOException {
        Path ratings = Files.writeString(dir.resolve("ratings.dat"), String.join("\n",
                "1::10::5::978300760",
                "1::11::4::978300761",
                "2::10::9::978300762",      // line 3: rating 9
                "2::12::1::978300763",
                "3::10::3",                 // line 5: three fields
                "3::13::3::later",          // line 6: bad time
                "4::10::3::978300764",
                "5::14::6::978300765")      // line 8: rating 6
                + "\n");

        DataProfile profile = scan(Format.ML_DAT, Task.MULTICLASS, ratings, 0);

        assertEquals(4, profile.rowsParsed());
        assertEquals(4, profile.rowsRejected());
        assertEquals(Map.of(Reason.BAD_LABEL, 2L, Reason.WRONG_FIELD_COUNT, 1L, Reason.BAD_TIMESTAMP, 1L), profile.rejections().counts());
        assertEquals(List.of(3L, 8L), profile.rejections().first(Reason.BAD_LABEL).stream().map(BadRecordException::lineNumber).toList());
        assertArrayEquals(new long[] {1, 0, 1, 1, 1}, profile.labels().classCounts(), "classes of ratings 5, 4, 1, 3");
        assertEquals(3, profile.fields().get(0).distinct(), "users of the parsed rows: 1, 1, 2, 4");
        assertEquals(3, profile.fields().get(1).distinct(), "items of the parsed rows: 10, 11, 12, 10");
        assertEquals(978_300_760_000L, profile.minEventTime());
        assertEquals(978_300_764_000L, profile.maxEventTime());
    }

    @Test
    void limitStopsAfterThatManyLinesGoodOrBad() throws IOException {
        Path ratings = Files.writeString(dir.resolve("r.dat"), "1::1::5::1\nbad\n1::2::5::1\n1::3::5::1\n");
        DataProfile profile = scan(Format.ML_DAT, Task.BINARY, ratings, 2);
        assertEquals(1, profile.rowsParsed());
        assertEquals(1, profile.rowsRejected());
    }

    @Test
    void missingValuesAreCountedPerField() throws IOException {
        String row = "0" + "\t".repeat(39);                               // every feature missing
        String full = "1" + "\t7".repeat(13) + "\tab".repeat(26);
        Path criteo = Files.writeString(dir.resolve("c.tsv"), row + "\n" + full + "\n" + full + "\n" + full + "\n");

        DataProfile profile = scan(Format.CRITEO, Task.BINARY, criteo, 0);

        assertEquals(0.75, profile.labels().positiveRate());
        for (FieldStats field : profile.fields()) {
            assertEquals(0.25, field.missingRate(), field.feature().name());
            assertEquals(2, field.distinct(), field.feature().name() + ": NULL and one value");
        }
    }

    private static DataProfile scan(Format format, Task task, Path path, long limit) throws IOException {
        try (RecordReader reader = RecordReader.open(format, path)) {
            return DataProfile.scan(reader, new ExampleParser(Schema.of(format), task), limit);
        }
    }
}
