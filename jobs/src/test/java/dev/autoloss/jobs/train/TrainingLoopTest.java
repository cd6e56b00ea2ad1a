package dev.autoloss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.features.CriteoGenerator;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.train.ControllerFile;
import dev.autoloss.model.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The training loop without Flink: batches, the validation split, counters, and a restore from its state. */
class TrainingLoopTest {

    private static final int BATCH = 32;

    @Test
    void trainsWholeBatchesOfTrainingEventsAndThePartialOneAtTheEndOfInput() throws Exception {
        TrainOptions options = TrainOptions.parse("--table-rows", "4096", "--batch-size", "" + BATCH, "--method", "ce");
        List<ParsedEvent> events = events(200, 5); // every 5th is a validation event: 160 training, 40 validation
        Calls calls = new Calls();
        try (Trainer trainer = TrainerFactory.create(options)) {
            TrainingLoop loop = new TrainingLoop(trainer, options, TrainingLoop.empty(), calls);
            events.forEach(loop::add);

            assertEquals(5, trainer.step(), "160 training events make 5 whole batches of 32");
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), calls.steps, "the listener hears of each step before it is taken");
            assertEquals(160, loop.eventsTrained());
            assertEquals(40, loop.validationEvents());
            assertEquals(ids(events, false), calls.trainedIds, "every training event trained once, in arrival order; no validation event");
            assertEquals(digest(ids(events, false)), loop.trainedIdDigest());
            assertEquals(0, loop.state(0, 0).batch().size(), "no partial batch left");
            assertEquals(40, loop.state(0, 0).validation().size());

            loop.add(events(3, 0).get(0));
            assertEquals(1, loop.state(0, 0).batch().size());
            loop.endOfInput();
            assertEquals(6, trainer.step(), "the partial batch is trained at the end of input");
            assertEquals(161, loop.eventsTrained());
            assertEquals(40, loop.validation().examples(), "each validation event scored once");
            assertTrue(loop.prequential().examples() > 0);
        }
    }

    @Test
    void rejectedEventsAreCountedAndMoveTheOffsetsOn() throws Exception {
        TrainOptions options = TrainOptions.parse("--table-rows", "4096", "--batch-size", "" + BATCH, "--method", "ce");
        try (Trainer trainer = TrainerFactory.create(options)) {
            TrainingLoop loop = new TrainingLoop(trainer, options, TrainingLoop.empty(), new Calls());
            loop.add(event(0, false, 0, 10));
            loop.rejected(new RejectedEvent("k", "bad line", "BAD_LABEL", "events/1@4: label", "events", 1, 4));
            assertEquals(1, loop.rejected());
            assertArrayEquals(new long[] {11, 5}, loop.nextOffsets());
            assertEquals("0:10", loop.versionMeta(1).get(ResumeOffsets.META_KEY),
                    "a model resumed from this state starts at the event still in the partial batch; partition 1 had no training event");
        }
    }

    /** l2rw takes no V step: its controller step hands it the validation batch. */
    @ParameterizedTest
    @ValueSource(strings = {"autoloss", "l2rw"})
    void validationEventsTrainedOnWaitForTheControllerStepThatUsesThem(String method) throws Exception {
        TrainOptions options = TrainOptions.parse("--table-rows", "4096", "--batch-size", "" + BATCH, "--method", method,
                "--train-on-validation");
        Calls calls = new Calls();
        try (Trainer trainer = TrainerFactory.create(options)) {
            TrainingLoop loop = new TrainingLoop(trainer, options, TrainingLoop.empty(), calls);
            List<ParsedEvent> events = events(400, 4);
            int i = 0;
            int firstControllerStep = trainer.config().controllerEvery(); // after that DRS step
            while (trainer.step() < firstControllerStep) {
                loop.add(events.get(i++));
                if (trainer.step() < firstControllerStep) {
                    assertFalse(calls.trainedIds.stream().anyMatch(id -> validationIds(events).contains(id)),
                            "no validation event is trained on before a controller step used it");
                }
            }
            assertTrue(loop.state(0, 0).validationToTrain().isEmpty(), "the controller step released them into the batch");
            events.subList(i, events.size()).forEach(loop::add);
            loop.endOfInput();
            assertEquals(400, loop.eventsTrained(), "training and validation events are all trained, once");
            assertEquals(digest(ids(events, true)), loop.trainedIdDigest());
        }
    }

    @Test
    void aLoopRestoredFromItsStateGoesOnAsIfItHadNeverStopped() throws Exception {
        TrainOptions options = TrainOptions.parse("--table-rows", "4096", "--batch-size", "" + BATCH, "--method", "autoloss");
        List<ParsedEvent> events = events(500, 6);
        try (Trainer straight = TrainerFactory.create(options); Trainer stopped = TrainerFactory.create(options);
             Trainer restored = TrainerFactory.create(options)) {
            TrainingLoop through = new TrainingLoop(straight, options, TrainingLoop.empty(), new Calls());
            events.forEach(through::add);

            TrainingLoop first = new TrainingLoop(stopped, options, TrainingLoop.empty(), new Calls());
            events.subList(0, 250).forEach(first::add);
            TrainingLoop.State state = first.state(3, stopped.step());
            assertFalse(state.batch().isEmpty(), "the test stops mid-batch");
            restored.restoreState(stopped.saveState());
            TrainingLoop second = new TrainingLoop(restored, options, state, new Calls());
            events.subList(250, events.size()).forEach(second::add);

            assertEquals(straight.step(), restored.step());
            assertEquals(through.eventsTrained(), second.eventsTrained());
            assertEquals(through.validationEvents(), second.validationEvents());
            assertEquals(through.trainedIdDigest(), second.trainedIdDigest());
            assertEquals(3, second.state(3, 0).counters().version(), "the version counter goes through the loop's state untouched");
            assertArrayEquals(through.nextOffsets(), second.nextOffsets());
            assertEquals(through.versionMeta(9).get(ResumeOffsets.META_KEY), second.versionMeta(9).get(ResumeOffsets.META_KEY));
            assertEquals(Probe.fromJson(through.versionMeta(9).get(Probe.META_KEY)).eventIds(),
                    Probe.fromJson(second.versionMeta(9).get(Probe.META_KEY)).eventIds());
            assertArrayEquals(Probe.fromJson(through.versionMeta(9).get(Probe.META_KEY)).predictions(),
                    Probe.fromJson(second.versionMeta(9).get(Probe.META_KEY)).predictions(), 1e-5f, "the same model");
        }
    }

    /** {@code n} generated events on partition 0 at offsets 0.., every {@code validationEvery}-th a validation event (0: none). */
    @Test
    void aBoundedRunSavesItsControllerAndAnotherModelTrainsWithItFrozen(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("searched.controller");
        TrainOptions searching = TrainOptions.parse("--table-rows", "4096", "--batch-size", "" + BATCH, "--method", "autoloss",
                "--controller-every", "2", "--bounded", "--save-controller", file.toString());
        try (Trainer trainer = TrainerFactory.create(searching)) {
            TrainingLoop loop = new TrainingLoop(trainer, searching, TrainingLoop.empty(), new Calls());
            events(400, 4).forEach(loop::add);
            assertTrue(trainer.controllerSteps() > 0, "the controller was searched");
            assertFalse(loop.versionMeta(1).containsKey(VersionMeta.CONTROLLER_FROZEN));
            assertFalse(Files.exists(file), "written only when the input ends");
            loop.endOfInput();
        }
        TrainOptions transferred = TrainOptions.parse("--table-rows", "4096", "--batch-size", "" + BATCH, "--method", "autoloss",
                "--controller-every", "2", "--model", "ipnn", "--controller", file.toString());
        try (Trainer trainer = TrainerFactory.create(transferred)) {
            assertTrue(trainer.controllerFrozen());
            TrainingLoop loop = new TrainingLoop(trainer, transferred, TrainingLoop.empty(), new Calls());
            events(400, 4).forEach(loop::add);
            assertTrue(trainer.step() >= 4, "trained " + trainer.step() + " steps");
            assertEquals(0, trainer.controllerSteps(), "a frozen controller takes no steps");
            assertEquals("true", loop.versionMeta(1).get(VersionMeta.CONTROLLER_FROZEN), "its versions say so");
        }
    }

    @Test
    void aControllerThatDoesNotFitOrCannotBeSavedIsAOneLineError(@TempDir Path dir) {
        Path file = dir.resolve("searched.controller");
        try (Trainer trainer = TrainerFactory.create(TrainOptions.parse("--table-rows", "4096"))) {
            ControllerFile.save(trainer, file);
        }
        IllegalArgumentException candidates = assertThrows(IllegalArgumentException.class,
                () -> TrainOptions.parse("--table-rows", "4096", "--controller", file.toString(), "--candidates", "ce,focal"));
        assertEquals(file + ": the controller does not fit this trainer: candidates=[focal, kl, hinge, ce] saved, candidates=[ce, focal] here",
                candidates.getMessage());
        IllegalArgumentException task = assertThrows(IllegalArgumentException.class,
                () -> TrainOptions.parse("--format", "ml100k", "--controller", file.toString()));
        assertEquals(file + ": the controller does not fit this trainer: task=binary saved, task=multiclass here; classes=1 saved, classes=5 here",
                task.getMessage());
        IllegalArgumentException resumed = assertThrows(IllegalArgumentException.class,
                () -> TrainOptions.parse("--table-rows", "4096", "--controller", file.toString(), "--resume-from-redis"));
        assertTrue(resumed.getMessage().startsWith("--controller puts a saved controller into a new model"), resumed.getMessage());
        IllegalArgumentException unbounded = assertThrows(IllegalArgumentException.class,
                () -> TrainOptions.parse("--save-controller", file.toString()));
        assertEquals("--save-controller writes the controller when a bounded run ends: add --bounded", unbounded.getMessage());
        CommandLine.ParameterException missing = assertThrows(CommandLine.ParameterException.class,
                () -> TrainOptions.parse("--controller", dir.resolve("absent").toString()));
        assertTrue(missing.getMessage().contains("--controller") && missing.getMessage().contains(dir.resolve("absent") + ": cannot read"),
                missing.getMessage());
    }

    private static List<ParsedEvent> events(int n, int validationEvery) throws Exception {
        CriteoGenerator generator = new CriteoGenerator(GeneratorConfig.defaults().withSeed(11));
        List<ParsedEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(event(i, validationEvery > 0 && i % validationEvery == validationEvery - 1, 0, i, generator.nextLine()));
        }
        return events;
    }

    private static ParsedEvent event(int line, boolean validation, int partition, long offset) throws Exception {
        return event(line, validation, partition, offset, new CriteoGenerator(GeneratorConfig.defaults().withSeed(line)).nextLine());
    }

    private static ParsedEvent event(int line, boolean validation, int partition, long offset, String text) throws Exception {
        ExampleParser parser = new ExampleParser(Schema.of(Format.CRITEO), Task.BINARY);
        return new ParsedEvent(parser.parse(new RawRecord("generated", line + 1, text)), validation, -1, partition, offset);
    }

    private static List<String> ids(List<ParsedEvent> events, boolean withValidation) {
        return events.stream().filter(e -> withValidation || !e.validation()).map(e -> e.example().eventId()).toList();
    }

    private static List<String> validationIds(List<ParsedEvent> events) {
        return events.stream().filter(ParsedEvent::validation).map(e -> e.example().eventId()).toList();
    }

    private static long digest(List<String> ids) {
        long digest = EventIdDigest.EMPTY;
        for (String id : ids) {
            digest = EventIdDigest.add(digest, id);
        }
        return digest;
    }

    /** What the loop told its listener. */
    private static final class Calls implements TrainingLoop.Listener {
        final List<Long> steps = new ArrayList<>();
        final List<String> trainedIds = new ArrayList<>();

        @Override
        public void beforeStep(long step) {
            steps.add(step);
        }

        @Override
        public void trained(ParsedEvent event) {
            trainedIds.add(event.example().eventId());
        }
    }
}
