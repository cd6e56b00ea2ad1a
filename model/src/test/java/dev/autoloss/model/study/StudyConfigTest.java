package dev.autoloss.model.study;

import static dev.autoloss.model.train.TrainerSettings.FIELD_COUNT;
import static dev.autoloss.model.train.TrainerSettings.ITEM_FIELD;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.search.Method;
import dev.autoloss.model.train.TrainerConfig;
import org.junit.jupiter.api.Test;

/** Each run's trainer settings: the study's, with the run's method and seed. */
class StudyConfigTest {


    @Test
    void aMethodThatSeesItemsGetsTheStreamsItemFieldUnlessOneIsSet() {
        TrainerConfig trainer = criteo().build();
        TrainerConfig item = Study.config(trainer, StudyMethod.of(Method.AUTOLOSS_ITEM), 2);
        assertEquals(Schema.of(Format.CRITEO).featureNames().indexOf("C13"), item.itemField());
        assertEquals(2, item.seed());
        assertEquals(-1, Study.config(trainer, StudyMethod.of(Method.AUTOLOSS_SCALE), 2).itemField(), "autoloss-scale sees no item");
        assertEquals(4, Study.config(criteo().set(ITEM_FIELD, 4).build(), StudyMethod.of(Method.AUTOLOSS_ITEM), 1).itemField(), "--item-field wins");
    }

    private static TrainerConfig.Builder criteo() {
        return TrainerConfig.builder().set(FIELD_COUNT, Schema.of(Format.CRITEO).featureCount());
    }
}
