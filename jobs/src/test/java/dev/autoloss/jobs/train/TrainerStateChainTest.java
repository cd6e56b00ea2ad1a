package dev.autoloss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.features.BadRecordException;
import dev.autoloss.model.features.CriteoGenerator;
import dev.autoloss.model.features.Example;
import dev.autoloss.model.features.ExampleParser;
import dev.autoloss.model.features.Format;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.RawRecord;
import dev.autoloss.model.features.Schema;
import dev.autoloss.model.features.Task;
import dev.autoloss.model.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's state checkpointed as a full snapshot and increments: what is written, restored and deleted. */
class TrainerStateChainTest {

    private static final TrainOptions OPTIONS = TrainOptions.parse("--table-rows", "50000", "--batch-size", "64", "--method", "autoloss");

    @TempDir
    java.nio.file.Path dir;

    private long lastCheckpoint;
    private final CriteoGenerator generator = new CriteoGenerator(GeneratorConfig.defaults().withSeed(5));
    private final ExampleParser parser = new ExampleParser(Schema.of(Format.CRITEO), Task.BINARY);
    private long line;

    @Test
    void incrementsFollowAFullSnapshotAndAreFoldedIntoANewOneInTheBackgroundOnceTheyAddUpToIt() throws Exception {
        try (Trainer trainer = TrainerFactory.create(OPTIONS)) {
            TrainerStateChain chain = new TrainerStateChain(path("job"));
            List<StateFile> first = trainAndCheckpoint(chain, 1, trainer);
            List<StateFile> second = trainAndCheckpoint(chain, 2, trainer);
            assertEquals(1, first.size());
            assertTrue(first.get(0).path().contains("full-1"), first.toString());
            assertEquals(2, second.size());
            assertEquals(first.get(0), second.get(0), "an increment builds on the full snapshot");
            assertTrue(second.get(1).path().contains("increment-2") && second.get(1).bytes() < first.get(0).bytes() / 2, second.toString());

            lastCheckpoint = 2;
            List<StateFile> files = checkpointUntilFolded(chain, trainer, first.get(0));
            assertEquals(lastCheckpoint + 1, listing("job").size(), "a file per checkpoint and the folded one, none deleted before a completion");

            chain.completed(lastCheckpoint);
            assertEquals(names(files), listing("job"), "a completed checkpoint leaves only its own chain");
            assertRebuilds(files, trainer);
            chain.close();
        }
    }

    @Test
    void aChainRestoredInItsOwnDirectoryIsFoldedFromItsFilesAndThenFromMemory() throws Exception {
        try (Trainer trainer = TrainerFactory.create(OPTIONS); Trainer restored = TrainerFactory.create(OPTIONS)) {
            TrainerStateChain chain = new TrainerStateChain(path("job"));
            trainAndCheckpoint(chain, 1, trainer);
            List<StateFile> second = trainAndCheckpoint(chain, 2, trainer);
            chain.completed(2);
            chain.close();

            TrainerStateChain after = new TrainerStateChain(path("job"));
            after.restore(second, restored);
            lastCheckpoint = 2;
            List<StateFile> folded = checkpointUntilFolded(after, restored, second.get(0)); // from the files: nothing in memory yet
            List<StateFile> again = checkpointUntilFolded(after, restored, folded.get(0)); // from the state kept since
            after.completed(lastCheckpoint);

            assertEquals(names(again), listing("job"));
            assertRebuilds(again, restored);
            after.close();
        }
    }

    @Test
    void aRestoredChainIsTheSameTrainerAndFilesOfCheckpointsThatNeverCompletedGo() throws Exception {
        try (Trainer trainer = TrainerFactory.create(OPTIONS); Trainer restored = TrainerFactory.create(OPTIONS)) {
            TrainerStateChain chain = new TrainerStateChain(path("job"));
            trainAndCheckpoint(chain, 1, trainer);
            trainAndCheckpoint(chain, 2, trainer);
            chain.aborted(2);
            List<StateFile> third = trainAndCheckpoint(chain, 3, trainer); // builds on the aborted checkpoint's increment
            assertEquals(3, third.size());
            chain.completed(3);
            byte[] expected = trainer.saveState();
            trainAndCheckpoint(chain, 4, trainer); // never completes: the job fails

            TrainerStateChain after = new TrainerStateChain(path("job"));
            after.restore(third, restored);

            assertArrayEquals(expected, restored.saveState(), "the trainer rebuilt from the chain");
            assertEquals(names(third), listing("job"), "the increment of checkpoint 4 is gone");
        }
    }

    @Test
    void aCheckpointsOperatorStateIsFinishedOnlyOnceItsFileIsWritten() throws Exception {
        try (Trainer trainer = TrainerFactory.create(OPTIONS)) {
            TrainerStateChain chain = new TrainerStateChain(path("job"));
            train(trainer, 2);
            CompletableFuture<Object> written = new CompletableFuture<>();
            TrainerStateChain.Checkpoint checkpoint = new TrainerStateChain.Checkpoint(chain.checkpoint(1, trainer).chain(), written);
            RunnableFuture<String> operatorState = checkpoint.after(new FutureTask<>(() -> "state"));
            Thread asyncPhase = new Thread(operatorState);
            asyncPhase.start();
            asyncPhase.join(200);
            assertFalse(operatorState.isDone(), "finished before the file was written");
            written.complete(null);
            assertEquals("state", operatorState.get(10, TimeUnit.SECONDS));
            chain.close();
        }
    }

    @Test
    void aFileThatCouldNotBeWrittenFailsItsCheckpointAndTheNextStartsANewChain() throws Exception {
        try (Trainer trainer = TrainerFactory.create(OPTIONS); Trainer restored = TrainerFactory.create(OPTIONS)) {
            TrainerStateChain chain = new TrainerStateChain(path("job"));
            trainAndCheckpoint(chain, 1, trainer);
            train(trainer, 2);
            Files.createDirectories(dir.resolve("job/increment-2-step-" + trainer.step() + "/in-the-way"));
            TrainerStateChain.Checkpoint failed = chain.checkpoint(2, trainer);
            ExecutionException e = assertThrows(ExecutionException.class, () -> failed.written().get());
            assertTrue(e.getCause() instanceof IOException, e.toString());
            AtomicBoolean stateWritten = new AtomicBoolean();
            RunnableFuture<Boolean> operatorState = failed.after(new FutureTask<>(() -> stateWritten.getAndSet(true)));
            operatorState.run();
            assertThrows(ExecutionException.class, operatorState::get, "the checkpoint fails with its file");
            assertFalse(stateWritten.get(), "no operator state refers to the missing file");
            chain.aborted(2);

            List<StateFile> third = trainAndCheckpoint(chain, 3, trainer);
            assertEquals(1, third.size(), "no chain through the missing file: " + third);
            assertTrue(third.get(0).path().contains("full-3"), third.toString());
            chain.completed(3);
            new TrainerStateChain(path("job")).restore(third, restored);
            assertArrayEquals(trainer.saveState(), restored.saveState());
            chain.close();
        }
    }

    @Test
    void aFoldUnderWayWhenAWriteFailsIsDroppedWithItsFile() throws Exception {
        try (Trainer trainer = TrainerFactory.create(OPTIONS); Trainer restored = TrainerFactory.create(OPTIONS)) {
            TrainerStateChain chain = new TrainerStateChain(path("job"));
            List<StateFile> files = trainAndCheckpoint(chain, ++lastCheckpoint, trainer);
            while (files.stream().skip(1).mapToLong(StateFile::bytes).sum() < files.get(0).bytes()) {
                files = trainAndCheckpoint(chain, ++lastCheckpoint, trainer); // until one starts a fold
            }
            train(trainer, 2);
            String inTheWay = "increment-" + (lastCheckpoint + 1) + "-step-" + trainer.step();
            Files.createDirectories(dir.resolve("job").resolve(inTheWay).resolve("in-the-way"));
            TrainerStateChain.Checkpoint failed = chain.checkpoint(++lastCheckpoint, trainer);
            assertThrows(ExecutionException.class, () -> failed.written().get());
            chain.aborted(lastCheckpoint);

            List<StateFile> fresh = trainAndCheckpoint(chain, ++lastCheckpoint, trainer);
            StateFile head = fresh.get(0);
            for (int i = 0; i < 5; i++) {
                Thread.sleep(20); // the old fold finishes meanwhile; a checkpoint after that would take it up
                fresh = trainAndCheckpoint(chain, ++lastCheckpoint, trainer);
                assertEquals(head, fresh.get(0), "the new chain keeps its own full snapshot: " + fresh);
            }
            chain.completed(lastCheckpoint);
            chain.close();

            Set<String> expected = names(fresh);
            expected.add(inTheWay);
            assertEquals(expected, listing("job"), "the dropped fold's file is gone");
            new TrainerStateChain(path("job")).restore(fresh, restored);
            assertArrayEquals(trainer.saveState(), restored.saveState());
        }
    }

    @Test
    void aChainFromAnotherJobIsReadButNeverDeletedAndANewOneStartsHere() throws Exception {
        try (Trainer trainer = TrainerFactory.create(OPTIONS); Trainer restored = TrainerFactory.create(OPTIONS)) {
            TrainerStateChain old = new TrainerStateChain(path("old-job"));
            trainAndCheckpoint(old, 1, trainer);
            List<StateFile> oldChain = trainAndCheckpoint(old, 2, trainer);

            TrainerStateChain chain = new TrainerStateChain(path("new-job"));
            chain.restore(oldChain, restored);
            List<StateFile> fresh = chain.checkpoint(1, restored).chain();
            chain.completed(1);

            assertEquals(1, fresh.size());
            assertTrue(fresh.get(0).path().contains("new-job/full-1"), fresh.toString());
            assertEquals(names(oldChain), listing("old-job"), "the other job's files are untouched");
        }
    }

    private Path path(String job) {
        return new Path(dir.resolve(job).toUri());
    }

    private Set<String> listing(String job) throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(dir.resolve(job))) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @SafeVarargs
    private static Set<String> names(List<StateFile>... chains) {
        Set<String> names = new TreeSet<>();
        for (List<StateFile> chain : chains) {
            chain.forEach(file -> names.add(new Path(file.path()).getName()));
        }
        return names;
    }

    /** Trains and checkpoints (ids after {@link #lastCheckpoint}) until a new folded full snapshot replaces {@code head}; that chain. */
    private List<StateFile> checkpointUntilFolded(TrainerStateChain chain, Trainer trainer, StateFile head) throws Exception {
        long limit = lastCheckpoint + 60;
        List<StateFile> files;
        do {
            Thread.sleep(20); // the fold runs beside training; a checkpoint after it has finished takes it up
            files = trainAndCheckpoint(chain, ++lastCheckpoint, trainer);
        } while (files.get(0).equals(head) && lastCheckpoint < limit);
        assertTrue(files.get(0).path().endsWith("-compacted") && files.size() >= 2, "a folded full snapshot heads the chain: " + files);
        return files;
    }

    /** The files of {@code chain} rebuild {@code trainer} in a new trainer. */
    private static void assertRebuilds(List<StateFile> chain, Trainer trainer) throws IOException {
        try (Trainer rebuilt = TrainerFactory.create(OPTIONS)) {
            rebuilt.restoreState(Files.readAllBytes(java.nio.file.Path.of(new Path(chain.get(0).path()).toUri())));
            for (StateFile increment : chain.subList(1, chain.size())) {
                rebuilt.applyIncrement(Files.readAllBytes(java.nio.file.Path.of(new Path(increment.path()).toUri())));
            }
            assertArrayEquals(trainer.saveState(), rebuilt.saveState(), "the folded snapshot and the increments after it rebuild the trainer");
        }
    }

    /** Two training steps, then checkpoint {@code checkpointId}, its file written. */
    private List<StateFile> trainAndCheckpoint(TrainerStateChain chain, long checkpointId, Trainer trainer) throws Exception {
        train(trainer, 2);
        TrainerStateChain.Checkpoint checkpoint = chain.checkpoint(checkpointId, trainer);
        checkpoint.written().get();
        return checkpoint.chain();
    }

    private void train(Trainer trainer, int steps) throws BadRecordException {
        for (int s = 0; s < steps; s++) {
            List<Example> batch = new ArrayList<>();
            for (int i = 0; i < TrainerFactory.config(OPTIONS).batchSize(); i++) {
                batch.add(parser.parse(new RawRecord("generated", ++line, generator.nextLine())));
            }
            trainer.train(batch);
            if (trainer.controllerDue()) {
                trainer.trainController(batch);
            }
        }
    }
}
