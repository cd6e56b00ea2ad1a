package dev.autoloss.model.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MovieLensLabelsTest {

    @ParameterizedTest(name = "rating {0}: class {1}, liked {2}, value {0}")
    @CsvSource({
        "0.5, 0, 0", "1, 0, 0", "1.5, 1, 0", "2, 1, 0", "2.5, 2, 0", "3, 2, 0",
        "3.5, 3, 1", "4, 3, 1", "4.5, 4, 1", "5, 4, 1"
    })
    void halfStarsRoundUpAndLikedMeansAboveThree(String rating, float multiclass, float binary) throws BadRecordException {
        RawRecord record = new RawRecord("ratings.csv", 2, "1,31," + rating + ",1260759144");
        assertEquals(multiclass, parser(Task.MULTICLASS).parse(record).label(), "class");
        assertEquals(binary, parser(Task.BINARY).parse(record).label(), "binary");
        assertEquals(Float.parseFloat(rating), parser(Task.REGRESSION).parse(record).label(), "regression");
    }

    private static ExampleParser parser(Task task) {
        return new ExampleParser(Schema.of(Format.ML_CSV), task);
    }
}
