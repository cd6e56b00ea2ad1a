package dev.autoloss.model.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordReaderTest {

    @TempDir
    Path dir;

    @Test
    void headerIsCheckedAndSkippedButStillCountsAsLineOne() throws IOException {
        Path csv = write("ratings.csv", "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\r\n1,1029,3.0,1260759179\n");

        List<RawRecord> records = readAll(Format.ML_CSV, csv);

        assertEquals(List.of(new RawRecord("ratings.csv", 2, "1,31,2.5,1260759144"),
                new RawRecord("ratings.csv", 3, "1,1029,3.0,1260759179")), records, "CRLF is stripped, header skipped");
    }

    @Test
    void headerOfAnotherFormatIsRefusedNamingTheExpectedOne() throws IOException {
        Path csv = write("train.csv", "id,click,hour\n1,0,14102100\n");
        IOException e = assertThrows(IOException.class, () -> RecordReader.open(Format.AVAZU, csv));
        assertTrue(e.getMessage().startsWith("train.csv:1: the header does not match the avazu format; expected 'id,click,hour,C1,"),
                e.getMessage());
    }

    @Test
    void gzippedFilesAreReadTransparently() throws IOException {
        Path gz = dir.resolve("ratings.dat.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("1::1193::5::978300760\n1::661::3::978302109".getBytes(StandardCharsets.UTF_8));
        }
        List<RawRecord> records = readAll(Format.ML_DAT, gz);
        assertEquals(2, records.size());
        assertEquals("1::661::3::978302109", records.get(1).line(), "a last line without a line break is read");
    }

    @Test
    void blankLinesAreKeptSoTheParserReportsThem() throws IOException {
        List<RawRecord> records = readAll(Format.ML_DAT, write("ratings.dat", "1::1::5::1\n\n1::2::5::1\n"));
        assertEquals(3, records.size());
        assertEquals("", records.get(1).line());
        assertEquals(3, records.get(2).lineNumber());
    }

    @Test
    void overLongLineIsCutInMemoryAndTheNextLineStillReads() throws IOException {
        String huge = "0" + "\tx".repeat(ExampleParser.MAX_LINE_CHARS);
        List<RawRecord> records = readAll(Format.CRITEO, write("big.tsv", huge + "\nnext\n"));

        assertEquals(ExampleParser.MAX_LINE_CHARS + 1, records.get(0).line().length(), "kept one character past the cap");
        assertEquals(new RawRecord("big.tsv", 2, "next"), records.get(1));
        BadRecordException bad = assertThrows(BadRecordException.class,
                () -> new ExampleParser(Schema.of(Format.CRITEO), Task.BINARY).parse(records.get(0)));
        assertEquals(Reason.LINE_TOO_LONG, bad.reason());
        assertEquals(1, bad.lineNumber());
    }

    @Test
    void missingFileIsNamed() {
        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> RecordReader.open(Format.CRITEO, dir.resolve("nope.tsv")));
        assertTrue(e.getMessage().contains("nope.tsv"), e.getMessage());
    }

    @Test
    void movieLensDirectoryWithoutItsTablesIsNamed() throws IOException {
        write("u.data", "1\t1\t5\t1\n");
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> RecordReader.open(Format.ML100K, dir));
        assertTrue(e.getMessage().contains("u.user is missing"), e.getMessage());
    }

    @Test
    void unknownUserOrItemJoinsAsMissingValuesAndShortRatingLinesPassThrough() throws Exception {
        write("u.data", "1\t10\t4\t874965758\n99\t10\t4\t874965758\n1\t99\t4\t874965758\n1\t10\n");
        write("u.user", "1|24|M|technician|85711\n");
        write("u.item", "10|Richard III (1995)|22-Jan-1996||http://x|0|0|0|0|0|0|0|0|1|0|0|0|0|0|0|0|0|1|0\n");
        ExampleParser parser = new ExampleParser(Schema.of(Format.ML100K), Task.BINARY);

        List<RawRecord> records = readAll(Format.ML100K, dir);

        assertEquals("1\t10\t4\t874965758\t24\tM\ttechnician\tDrama|War", records.get(0).line());
        Example unknownUser = parser.parse(records.get(1));
        assertEquals(FeatureHash.hash64("gender", Encoding.MISSING), unknownUser.keys()[3]);
        Example unknownItem = parser.parse(records.get(2));
        assertEquals(FeatureHash.hash64("genre", Encoding.MISSING), unknownItem.keys()[5]);
        BadRecordException bad = assertThrows(BadRecordException.class, () -> parser.parse(records.get(3)));
        assertEquals(Reason.WRONG_FIELD_COUNT, bad.reason());
        assertEquals(4, bad.lineNumber(), "u.data's own line number");
    }

    @Test
    void brokenUserTableIsNamedWithItsLine() throws IOException {
        write("u.data", "1\t10\t4\t874965758\n");
        write("u.user", "1|24|M|technician|85711\n2|53|F\n");
        write("u.item", "10|x|||u|0|0|0|0|0|0|0|0|1|0|0|0|0|0|0|0|0|1|0\n");
        IOException e = assertThrows(IOException.class, () -> RecordReader.open(Format.ML100K, dir));
        assertTrue(e.getMessage().endsWith("u.user:2: expected 5 '|'-separated fields, found 3"), e.getMessage());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static List<RawRecord> readAll(Format format, Path path) throws IOException {
        List<RawRecord> out = new ArrayList<>();
        try (RecordReader reader = RecordReader.open(format, path)) {
            reader.forEachRemaining(out::add);
            assertFalse(reader.hasNext());
        }
        return out;
    }
}
