package dev.autoloss.model.experiment;

import dev.autoloss.model.report.ReportJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoloss.model.drs.ModelKind;
import dev.autoloss.model.features.CriteoGenerator;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import dev.autoloss.model.train.ControllerFile;
import dev.autoloss.model.train.TrainerConfig;
import dev.autoloss.model.train.TrainerSettings;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One small real experiment (generated Criteo rows, the real trainer), checked end to end. */
class ExperimentTest {

    private static final int ROWS = 2000;

    @TempDir
    static Path dir;
    private static Dataset data;
    private static ExperimentReport report;
    private static final Map<String, List<Double>> validationAucByRun = new HashMap<>();

    @BeforeAll
    static void runExperiment() throws IOException {
        Path file = dir.resolve("generated.tsv");
        try (Writer out = Files.newBufferedWriter(file)) {
            new CriteoGenerator(GeneratorConfig.defaults()).writeLines(out, ROWS);
        }
        data = Dataset.load(file, Format.CRITEO, Task.BINARY);
        ExperimentSettings settings = new ExperimentSettings(trainer(ModelKind.DEEPFM, 1e-6), List.of(Method.CE, Method.AUTOLOSS),
                2, 2, ExperimentSettings.DEFAULT_PATIENCE, null, dir.resolve("searched.controller").toString());
        report = new Experiment(data, settings, new ExperimentListener() {
            @Override
            public void epochFinished(int run, int runs, String method, long seed, int epoch, double validationAuc) {
                validationAucByRun.computeIfAbsent(method + "/" + seed, k -> new ArrayList<>()).add(validationAuc);
            }
        }).run();
    }

    @Test
    void everyMethodRunsOnEverySeedWithTheSameSplitSizes() {
        assertEquals(List.of("ce", "autoloss"), report.methods().stream().map(MethodResult::method).toList());
        assertEquals(1600, report.dataset().train());
        assertEquals(200, report.dataset().validation());
        assertEquals(200, report.dataset().test());
        for (MethodResult method : report.methods()) {
            assertEquals(List.of(1L, 2L), method.runs().stream().map(RunResult::seed).toList());
            assertTrue(method.testAuc().mean() > 0.5, method + ": 2 epochs on 1,600 rows must learn something");
            for (RunResult run : method.runs()) {
                assertTrue(run.testLogLoss() > 0 && run.testLogLoss() < 1, run + ": test log-loss out of range");
                assertEquals(2 * (1600 / 256 + 1), run.trainingSteps(), run + ": two epochs of 7 batches");
            }
        }
        assertTrue(report.methods().get(1).runs().get(0).controllerSteps() > 0, "autoloss must train its controller");
        assertEquals(0, report.methods().get(0).runs().get(0).controllerSteps(), "ce has no controller");
    }

    @Test
    void theTestedModelIsTheBestValidationEpochRestored() {
        for (MethodResult method : report.methods()) {
            for (RunResult run : method.runs()) {
                List<Double> epochs = validationAucByRun.get(run.method() + "/" + run.seed());
                double best = epochs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                assertEquals(epochs.indexOf(best) + 1, run.bestEpoch(), run + ": epochs " + epochs);
                assertEquals(best, run.validationAuc(), 1e-6,
                        run + ": the restored model's validation AUC must be the best epoch's, epochs " + epochs);
            }
        }
    }

    @Test
    void eachRunRecordsItsLearningCurveAndTheControllersWeightsPerEpoch() {
        for (MethodResult method : report.methods()) {
            for (RunResult run : method.runs()) {
                List<Double> aucs = validationAucByRun.get(run.method() + "/" + run.seed());
                assertEquals(aucs, run.history().stream().map(EpochRecord::validationAuc).toList(), run.toString());
                assertEquals(List.of(1, 2), run.history().stream().map(EpochRecord::epoch).toList());
                assertEquals(List.of(1600 / 256 + 1L, run.trainingSteps()), run.history().stream().map(EpochRecord::step).toList());
            }
        }
        EpochRecord autoloss = report.methods().get(1).runs().get(0).history().get(1);
        assertEquals(List.of("focal", "kl", "hinge", "ce"), List.copyOf(autoloss.lossWeights().keySet()));
        assertEquals(1.0, autoloss.lossWeights().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-4,
                "the controller's weights of one example sum to 1, and so do their means");
        assertTrue(autoloss.temperature() > 0 && autoloss.temperature() < 1, "the temperature decays from 1: " + autoloss);
    }

    @Test
    void reportMarksTheBestFixedLossAndTestsAutolossAgainstTheBestOtherMethod() throws IOException {
        assertEquals("ce", report.bestFixedLossByAuc());
        assertEquals(List.of("auc", "logLoss"), report.tTests().stream().map(Comparison::metric).toList());
        assertTrue(report.tTests().stream().allMatch(t -> t.method().equals("autoloss") && t.baseline().equals("ce")));

        Path json = dir.resolve("report.json");
        ReportJson.write(json, report);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals("criteo", root.path("dataset").path("format").asText());
        assertEquals("deepfm", root.path("settings").path("model").asText(), "enums are written by their CLI names");
        assertEquals("autoloss", root.path("settings").path("methods").path(1).asText());
        JsonNode ce = root.path("methods").path(0);
        assertEquals(report.methods().get(0).testAuc().mean(), ce.path("testAuc").path("mean").asDouble(), 1e-12);
        assertEquals(2, ce.path("runs").size());
        assertEquals(2, ce.path("runs").path(0).path("history").size(), "one record per epoch");
        assertTrue(ce.path("runs").path(0).path("history").path(1).has("step"), root.toPrettyString());
        assertTrue(root.path("tTests").path(0).has("pValue"), root.toPrettyString());
    }

    @Test
    void theControllerSearchedWithDeepFmTrainsIpnnFrozenBesideCeAndAFreshSearch() {
        ControllerFile searched = ControllerFile.read(dir.resolve("searched.controller"));
        ExperimentSettings transfer = new ExperimentSettings(trainer(ModelKind.IPNN, 1e-6), List.of(Method.CE, Method.AUTOLOSS),
                2, 1, ExperimentSettings.DEFAULT_PATIENCE, searched, null);
        ExperimentReport result = new Experiment(data, transfer, new ExperimentListener() {}).run();

        assertEquals(List.of("ce", "autoloss", "autoloss-frozen"), result.methods().stream().map(MethodResult::method).toList());
        MethodResult frozen = result.methods().get(2);
        assertEquals(List.of(1L, 2L), frozen.runs().stream().map(RunResult::seed).toList(), "the same seeds as the others");
        assertTrue(frozen.runs().stream().allMatch(r -> r.controllerSteps() == 0 && r.trainingSteps() == 1600 / 256 + 1), frozen.toString());
        assertTrue(result.methods().get(1).runs().get(0).controllerSteps() > 0, "the fresh search trains its controller");
        assertEquals(List.of("autoloss vs ce on auc", "autoloss vs ce on logLoss", "autoloss-frozen vs ce on auc", "autoloss-frozen vs ce on logLoss",
                        "autoloss-frozen vs autoloss on auc", "autoloss-frozen vs autoloss on logLoss"),
                result.tTests().stream().map(t -> t.method() + " vs " + t.baseline() + " on " + t.metric()).toList());
        assertEquals(searched.file(), result.settings().frozenController().file());
    }

    @Test
    void aFrozenControllerOfAnotherTaskIsRefusedBeforeAnyRun() {
        ControllerFile searched = ControllerFile.read(dir.resolve("searched.controller"));
        Dataset multiclass = new Dataset(dir.resolve("ratings.tsv"), Format.ML100K, Task.MULTICLASS, 2, 5,
                IntStream.range(0, 200).mapToObj(i -> new Example("r" + i, i, i % 5, new long[] {i, -i})).toList(), 200, Map.of(), List.of());
        ExperimentSettings transfer = new ExperimentSettings(trainer(ModelKind.DEEPFM, 0), List.of(Method.CE), 1, 1, 2, searched, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Experiment(multiclass, transfer, new ExperimentListener() {}));
        assertTrue(e.getMessage().startsWith(searched.file() + ": the controller does not fit this trainer: task=binary saved, task=multiclass here"),
                e.getMessage());
    }

    @Test
    void regressionDataIsRefusedBecauseAucAndLogLossNeedClasses() {
        List<Example> ratings = IntStream.range(0, 200).mapToObj(i -> new Example("r" + i, i, 3.5f, new long[] {i, -i})).toList();
        Dataset data = new Dataset(dir.resolve("ratings.csv"), Format.ML_CSV, Task.REGRESSION, 2, 1, ratings, 200, Map.of(), List.of());
        ExperimentSettings settings = new ExperimentSettings(trainer(ModelKind.DEEPFM, 0), List.of(Method.MSE), 1, 1, 2, null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Experiment(data, settings, new ExperimentListener() {}));
        assertTrue(e.getMessage().contains("needs the binary or multiclass task, not regression"), e.getMessage());
    }

    /** The experiment's trainer settings: batch 256 and {@code model} with {@code weightDecay}, the rest declared defaults. */
    private static TrainerConfig trainer(ModelKind model, double weightDecay) {
        return TrainerConfig.builder().set(TrainerSettings.TASK, Task.BINARY).set(TrainerSettings.FIELD_COUNT, 1)
                .set(TrainerSettings.MODEL, model).set(TrainerSettings.BATCH_SIZE, 256).set(TrainerSettings.WEIGHT_DECAY, weightDecay).build();
    }
}
