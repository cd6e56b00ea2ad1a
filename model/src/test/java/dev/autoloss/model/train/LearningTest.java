package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.drs.ModelKind;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** On data with a planted signal, training clearly beats chance (an AUC of 0.5). */
class LearningTest {

    private static final int FIELDS = 8;

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"DEEPFM, CE, BINARY", "DEEPFM, AUTOLOSS, BINARY", "IPNN, CE, BINARY", "DEEPFM, CE, MULTICLASS"})
    void trainingOnAPlantedSignalBeatsChance(ModelKind model, Method method, Task task) {
        int classes = task == Task.MULTICLASS ? 3 : 1;
        TrainerConfig config = TrainerConfig.builder().set(MODEL, model).set(METHOD, method).set(TASK, task).set(CLASSES, classes)
                .set(FIELD_COUNT, FIELDS).set(TABLE_ROWS, 4096).set(EMBEDDING_DIM, 8).set(HIDDEN, List.of(32, 32)).set(CONTROLLER_HIDDEN, List.of(16))
                .set(LEARNING_RATE, 0.01).set(MIN_COUNT, 1).set(SEED, 1L).build();
        PlantedData data = new PlantedData(FIELDS, 30, task, classes, 7);
        List<Example> test = data.batch(2000);
        try (Trainer trainer = new Trainer(config)) {
            for (int step = 0; step < 150; step++) {
                trainer.train(data.batch(128));
                if (trainer.controllerDue()) {
                    trainer.trainController(data.batch(128));
                }
            }
            float[] predictions = trainer.predict(test);
            // multiclass: the AUC of "class >= 1" scored by the expected class, a ranking the classes' order implies
            double[] score = new double[test.size()];
            boolean[] positive = new boolean[test.size()];
            for (int i = 0; i < test.size(); i++) {
                positive[i] = test.get(i).label() >= 1;
                for (int c = 0; c < trainer.outputs(); c++) {
                    score[i] += (task == Task.MULTICLASS ? c : 1) * predictions[i * trainer.outputs() + c];
                }
            }
            double auc = auc(score, positive);
            assertTrue(auc > 0.7, model.cliName() + "/" + method.cliName() + " on " + task.cliName() + ": AUC " + auc + " after 150 steps");
        }
    }

    /** The probability that a random positive scores above a random negative (ties count half). */
    static double auc(double[] score, boolean[] positive) {
        Integer[] order = IntStream.range(0, score.length).boxed().sorted(Comparator.comparingDouble(i -> score[i])).toArray(Integer[]::new);
        double rankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += midRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = score.length - positives;
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

}
