package dev.autoloss.model.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaTest {

    @Test
    void criteoHasThirteenNumericThenTwentySixCategoricalFeatures() {
        Schema s = Schema.of(Format.CRITEO);
        assertEquals(39, s.featureCount());
        assertEquals("I1", s.featureNames().get(0));
        assertEquals("C26", s.featureNames().get(38));
        assertEquals(40, s.columns().size());
        assertEquals(EnumSet.of(Task.BINARY), s.tasks());
        assertEquals(1, s.classes(Task.BINARY));
    }

    @Test
    void avazuTurnsTheHourIntoHourOfDayAndWeekdayAndKeepsTheIdOut() {
        Schema s = Schema.of(Format.AVAZU);
        assertEquals(23, s.featureCount());
        assertEquals(List.of("hour_of_day", "weekday", "C1", "banner_pos"), s.featureNames().subList(0, 4));
        assertEquals(-1, s.featureNames().indexOf("id"));
        assertEquals(-1, s.featureNames().indexOf("hour"));
        assertEquals("id,click,hour,C1,banner_pos,site_id,site_domain,site_category,app_id,app_domain,app_category,"
                + "device_id,device_ip,device_model,device_type,device_conn_type,C14,C15,C16,C17,C18,C19,C20,C21", s.headerLine());
    }

    @Test
    void movieLensFormatsServeAllTasksAndDefaultToFiveClasses() {
        assertEquals(List.of("user", "item", "age", "gender", "occupation", "genre", "genres"), Schema.of(Format.ML100K).featureNames());
        for (Format f : List.of(Format.ML100K, Format.ML_CSV, Format.ML_DAT)) {
            Schema s = Schema.of(f);
            assertEquals(EnumSet.allOf(Task.class), s.tasks(), f.cliName());
            assertEquals(Task.MULTICLASS, s.defaultTask(), f.cliName());
            assertEquals(5, s.classes(Task.MULTICLASS), f.cliName());
            assertEquals(1, s.classes(Task.REGRESSION), f.cliName());
        }
        assertEquals(List.of("user", "item"), Schema.of(Format.ML_DAT).featureNames());
    }

    @Test
    void formatsAndTasksGoByTheirCommandLineNames() {
        for (Format f : Format.values()) {
            assertEquals(f, Format.byName(f.cliName()));
        }
        assertEquals(Format.ML_CSV, Format.byName("ml-csv"));
        assertEquals(Task.REGRESSION, Task.byName("regression"));
    }

    @Test
    void unknownFormatNamesTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Format.byName("parquet"));
        assertEquals("unknown format 'parquet'; valid formats: criteo, avazu, ml100k, ml-csv, ml-dat", e.getMessage());
    }
}
