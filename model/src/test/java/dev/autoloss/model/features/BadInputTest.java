package dev.autoloss.model.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each kind of bad line is rejected with the right reason, line number, field and value. */
class BadInputTest {

    private static final String GOOD_CRITEO = "1\t1\t1\t5\t0\t1382\t4\t15\t2\t181\t1\t2\t\t2"
            + "\t68fd1e64\t80e26c9b\tfb936136\t7b4723c4\t25c83c98\t7e0ccccf\tde7995b8\t1f89b562\ta73ee510\ta8cd5504"
            + "\tb2cb9c98\t37c9c164\t2824a5f6\t1adce6ef\t8ba8b39a\t891b62e7\te5ba7672\tf54016b9\t21ddcdc9\tb1252a9d"
            + "\t07b5194c\t\t3a171ecb\tc5c50484\te8b83407\t9727dd16";
    private static final String GOOD_AVAZU = "1000009418151094273,0,14102100,1005,0,1fbe01fe,f3845767,28905ebd,ecad2386,"
            + "7801e8d9,07d7df22,a99f214a,ddd2926e,44956a24,1,2,15706,320,50,1722,0,35,-1,79";

    private final ExampleParser criteo = new ExampleParser(Schema.of(Format.CRITEO), Task.BINARY);

    @Test
    void theGoodLinesParse() throws BadRecordException {
        assertEquals(1f, criteo.parse(line(GOOD_CRITEO)).label());
        assertEquals(0f, new ExampleParser(Schema.of(Format.AVAZU), Task.BINARY).parse(line(GOOD_AVAZU)).label());
    }

    @Test
    void missingColumnIsAWrongFieldCount() {
        BadRecordException bad = reject(criteo, GOOD_CRITEO.substring(0, GOOD_CRITEO.lastIndexOf('\t')));
        assertBad(bad, Reason.WRONG_FIELD_COUNT, BadRecordException.WHOLE_LINE);
        assertTrue(bad.getMessage().contains("expected 40, found 39"), bad.getMessage());
    }

    @Test
    void emptyLineIsAWrongFieldCount() {
        assertBad(reject(criteo, ""), Reason.WRONG_FIELD_COUNT, BadRecordException.WHOLE_LINE);
    }

    @Test
    void clickThatIsNotZeroOrOneIsABadLabel() {
        BadRecordException bad = reject(criteo, "2" + GOOD_CRITEO.substring(1));
        assertBad(bad, Reason.BAD_LABEL, "label");
        assertEquals("2", bad.value());
        assertEquals("data.txt:7: bad label (expected 0 or 1): field label = '2'", bad.getMessage());
    }

    @Test
    void ratingOutsideHalfStarsIsABadLabel() {
        ExampleParser ratings = new ExampleParser(Schema.of(Format.ML_DAT), Task.MULTICLASS);
        for (String rating : new String[] {"6", "0", "3.7", "three", ""}) {
            BadRecordException bad = reject(ratings, "1::2::" + rating + "::978300760");
            assertBad(bad, Reason.BAD_LABEL, "rating");
            assertEquals(rating, bad.value());
        }
    }

    @Test
    void numericFieldThatIsNotAnIntegerIsABadNumber() {
        BadRecordException bad = reject(criteo, GOOD_CRITEO.replaceFirst("\t1382\t", "\t13x2\t"));
        assertBad(bad, Reason.BAD_NUMBER, "I5");
        assertEquals("13x2", bad.value());
    }

    @Test
    void impossibleAvazuHourIsABadTimestamp() {
        ExampleParser avazu = new ExampleParser(Schema.of(Format.AVAZU), Task.BINARY);
        for (String hour : new String[] {"14133100", "14103124", "1410210", "hour"}) {
            BadRecordException bad = reject(avazu, GOOD_AVAZU.replace(",14102100,", "," + hour + ","));
            assertBad(bad, Reason.BAD_TIMESTAMP, "hour");
            assertEquals(hour, bad.value());
        }
    }

    @Test
    void negativeOrTextUnixTimeIsABadTimestamp() {
        ExampleParser ratings = new ExampleParser(Schema.of(Format.ML_CSV), Task.BINARY);
        assertBad(reject(ratings, "1,2,3.5,-5"), Reason.BAD_TIMESTAMP, "timestamp");
        assertBad(reject(ratings, "1,2,3.5,yesterday"), Reason.BAD_TIMESTAMP, "timestamp");
    }

    @Test
    void avazuLineWithoutIdIsRejected() {
        ExampleParser avazu = new ExampleParser(Schema.of(Format.AVAZU), Task.BINARY);
        assertBad(reject(avazu, GOOD_AVAZU.substring(GOOD_AVAZU.indexOf(','))), Reason.MISSING_EVENT_ID, "id");
    }

    @Test
    void lineOverTheCapIsTooLongAndItsValueIsCut() {
        String huge = GOOD_CRITEO + "x".repeat(ExampleParser.MAX_LINE_CHARS);
        BadRecordException bad = reject(criteo, huge);
        assertBad(bad, Reason.LINE_TOO_LONG, BadRecordException.WHOLE_LINE);
        assertEquals(BadRecordException.VALUE_LIMIT + 3, bad.value().length(), "the kept value is cut and marked with ...");
        assertTrue(bad.getMessage().length() < 400, "the message stays one short line");
    }

    @Test
    void tabsInTheShownValueAreEscaped() {
        BadRecordException bad = reject(criteo, "0\t1");
        assertTrue(bad.getMessage().endsWith("field (line) = '0\\t1'"), bad.getMessage());
    }

    @Test
    void taskTheLabelCannotServeIsRefusedNamingTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExampleParser(Schema.of(Format.CRITEO), Task.MULTICLASS));
        assertEquals("format criteo has no multiclass task; valid tasks: binary", e.getMessage());
    }

    private static RawRecord line(String text) {
        return new RawRecord("data.txt", 7, text);
    }

    private static BadRecordException reject(ExampleParser parser, String text) {
        return assertThrows(BadRecordException.class, () -> parser.parse(line(text)), "expected a rejection of: " + text);
    }

    private static void assertBad(BadRecordException bad, Reason reason, String field) {
        assertEquals(reason, bad.reason(), bad.getMessage());
        assertEquals("data.txt", bad.source());
        assertEquals(7, bad.lineNumber());
        assertEquals(field, bad.field(), bad.getMessage());
        assertTrue(bad.getMessage().startsWith("data.txt:7: " + reason.text()), bad.getMessage());
    }
}
