package dev.autoloss.jobs.train;

import dev.autoloss.model.train.IncrementCompaction;
import dev.autoloss.model.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.concurrent.FutureUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's state in checkpoints, written incrementally. A checkpoint writes one file into the job's checkpoint
 * directory: the rows and variables changed since the previous checkpoint ({@link Trainer#saveIncrement}, tens of
 * megabytes). The task thread only saves it; a writer thread writes it, and the checkpoint is acknowledged once it
 * has ({@link Checkpoint#after}). The checkpoint itself holds only the chain of files (full, then increments) that
 * rebuilds the state; rewriting the whole table every couple of seconds would take the trainer's cores. When the
 * increments add up to the full snapshot's size, a background thread writes a new full snapshot, and a later
 * checkpoint's chain starts from it; the training thread never waits for it. That thread keeps the chain's state in
 * memory ({@link IncrementCompaction}, the size of the state), folding in each file as it is saved, so a fold writes
 * the state out without reading the chain back; after a restore it reads the chain's files once, at the first fold.
 *
 * <p>Files are deleted once no checkpoint that may still be restored refers to them: when a checkpoint completes,
 * every file outside its chain and the chains of later checkpoints goes. A chain restored from outside this
 * directory (another job's checkpoint) is read, never deleted, and the next checkpoint starts a new chain here.
 * When the job finishes, its checkpoints are discarded and the files deleted; after a cancellation they stay (an
 * operator cannot tell it from a failover), under {@code <checkpoint dir>/<job id>/autoloss-trainer}. Savepoints
 * hold the whole state themselves and need none of these files. Not thread-safe: the trainer's task thread calls it.
 */
final class TrainerStateChain {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerStateChain.class);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Path directory;
    private final FileSystem fs;
    private List<StateFile> chain = new ArrayList<>();
    private long chainStep;
    /** the chain lies outside this directory: the next checkpoint writes a full snapshot here */
    private boolean foreign;
    private final NavigableMap<Long, List<StateFile>> chainByCheckpoint = new TreeMap<>();
    /** files in this directory that this chain manager may delete */
    private final Set<Path> owned = new HashSet<>();
    private final ExecutorService writer = daemonThread("trainer-state-writer");
    private final ExecutorService compactor = daemonThread("trainer-state-compaction");
    /** the write of the newest file of the chain, in order after the others on the writer thread */
    private Future<?> lastWrite;
    /** the compaction under way (of the first {@code compacting} files of the chain, into {@code compactionFile}), or null */
    private Future<StateFile> compaction;
    private int compacting;
    private Path compactionFile;
    /** the state at the end of the chain, kept by the compaction thread alone; null until rebuilt from the files */
    private IncrementCompaction image;

    TrainerStateChain(Path directory) {
        try {
            this.fs = directory.getFileSystem();
        } catch (IOException e) {
            throw new UncheckedIOException("no file system for the trainer's checkpoint directory " + directory, e);
        }
        this.directory = new Path(directory.toString()).makeQualified(fs); // parsed again: no trailing slash
    }

    /**
     * Rebuilds {@code trainer} from a checkpoint's chain; files of this directory outside it are left from
     * checkpoints that never completed and are deleted.
     */
    void restore(List<StateFile> restored, Trainer trainer) throws IOException {
        for (int i = 0; i < restored.size(); i++) {
            byte[] bytes = read(restored.get(i));
            if (i == 0) {
                trainer.restoreState(bytes);
            } else {
                trainer.applyIncrement(bytes);
            }
        }
        chain = new ArrayList<>(restored);
        chainStep = trainer.step();
        foreign = restored.isEmpty() || !restored.stream().allMatch(file -> path(file).getParent().equals(directory));
        if (!foreign) {
            restored.forEach(file -> owned.add(path(file)));
            if (fs.exists(directory)) {
                for (FileStatus status : fs.listStatus(directory)) {
                    if (!owned.contains(status.getPath().makeQualified(fs))) {
                        delete(status.getPath());
                    }
                }
            }
        }
    }

    /** The chain that rebuilds the trainer at a checkpoint, and the write of its newest file, which the checkpoint awaits. */
    record Checkpoint(List<StateFile> chain, Future<?> written) {

        /**
         * The operator's state, finished in the checkpoint's asynchronous phase once the file is written: the
         * training thread goes on meanwhile, and the checkpoint is never acknowledged without the file.
         */
        <T> RunnableFuture<T> after(RunnableFuture<T> state) {
            return new FutureTask<>(() -> {
                written.get();
                return FutureUtils.runIfNotDoneAndGet(state);
            });
        }
    }

    /** Saves what checkpoint {@code checkpointId} needs beyond the chain so far, and starts writing it. */
    Checkpoint checkpoint(long checkpointId, Trainer trainer) throws InterruptedException {
        adoptCompaction();
        boolean full = chain.isEmpty() || foreign || !previousWritten();
        byte[] bytes = full ? trainer.saveState() : trainer.saveIncrement(chainStep);
        Path file = new Path(directory, (full ? "full" : "increment") + "-" + checkpointId + "-step-" + trainer.step());
        StateFile written = new StateFile(file.toString(), bytes.length);
        lastWrite = writer.submit(() -> write(bytes, file));
        Future<?> fileWritten = lastWrite;
        compactor.execute(() -> follow(bytes, full));
        if (full) {
            abandonCompaction();
            chain = new ArrayList<>();
            foreign = false;
        }
        chain.add(written);
        chainStep = trainer.step();
        owned.add(path(written));
        List<StateFile> snapshot = List.copyOf(chain);
        chainByCheckpoint.put(checkpointId, snapshot);
        long incrementBytes = chain.stream().skip(1).mapToLong(StateFile::bytes).sum();
        if (compaction == null && incrementBytes >= chain.get(0).bytes()) {
            compacting = snapshot.size();
            Path folded = new Path(directory, "full-" + checkpointId + "-step-" + chainStep + "-compacted");
            long step = chainStep;
            compactionFile = folded;
            compaction = compactor.submit(() -> compact(snapshot, fileWritten, step, folded));
        }
        return new Checkpoint(snapshot, fileWritten);
    }

    /**
     * Whether the chain's newest file was written; waits for it when checkpoints overlap. If its write failed, that
     * checkpoint failed with it, and a chain through the file would not restore: the next one starts a new chain.
     */
    private boolean previousWritten() throws InterruptedException {
        try {
            if (lastWrite != null) {
                lastWrite.get();
            }
            return true;
        } catch (ExecutionException e) {
            LOG.warn("the trainer's last checkpoint file was not written; this checkpoint writes a full snapshot: {}", e.getCause().toString());
            return false;
        }
    }

    /** On the compaction thread: folds a file just written into the state kept in memory; a failure drops that state. */
    private void follow(byte[] bytes, boolean full) {
        try {
            if (full) {
                image = new IncrementCompaction(bytes);
            } else if (image != null) {
                image.apply(bytes);
            }
        } catch (RuntimeException e) {
            image = null;
            LOG.warn("could not fold a checkpoint file into the state kept for compaction; the next fold reads the files: {}", e.toString());
        }
    }

    /** On the compaction thread: writes {@code target}, a full snapshot of the state at the end of {@code files} (at {@code step}, the last written by {@code written}). */
    private StateFile compact(List<StateFile> files, Future<?> written, long step, Path target) throws Exception {
        if (image == null || image.step() != step) {
            image = null;
            written.get(); // the files are read back: all of them written (in order, by the writer thread)
            IncrementCompaction rebuilt = new IncrementCompaction(read(files.get(0)));
            for (StateFile file : files.subList(1, files.size())) {
                rebuilt.apply(read(file));
            }
            image = rebuilt;
        }
        byte[] bytes = image.toBytes();
        StateFile folded = new StateFile(write(bytes, target).toString(), bytes.length);
        LOG.info("wrote {} ({} MiB) in place of a full snapshot and {} increments ({} MiB)", target.getName(), folded.bytes() >> 20,
                files.size() - 1, files.stream().mapToLong(StateFile::bytes).sum() >> 20);
        return folded;
    }

    /** A new chain starts (after a failed write): a fold of the old one is of no use, and its file goes once written. */
    private void abandonCompaction() {
        if (compaction != null) {
            Path obsolete = compactionFile;
            compactor.execute(() -> delete(obsolete)); // after the fold, on the same thread
            compaction = null;
        }
    }

    /** A finished compaction replaces the files it folded at the head of the chain; a failed one is retried later. */
    private void adoptCompaction() {
        if (compaction == null || !compaction.isDone()) {
            return;
        }
        try {
            StateFile folded = compaction.get();
            List<StateFile> rest = chain.subList(compacting, chain.size());
            chain = new ArrayList<>();
            chain.add(folded);
            chain.addAll(rest);
            owned.add(path(folded));
        } catch (ExecutionException | InterruptedException e) {
            LOG.warn("could not fold the trainer's checkpoint files into a full snapshot; the chain goes on: {}", e.toString());
        } finally {
            compaction = null;
        }
    }

    private Path write(byte[] bytes, Path file) throws IOException {
        try (FSDataOutputStream out = fs.create(file, FileSystem.WriteMode.OVERWRITE)) {
            ChunkedIo.write(out, bytes);
        }
        return file;
    }

    /** Checkpoint {@code checkpointId} completed: older ones will never be restored, so neither will their files. */
    void completed(long checkpointId) {
        if (!chainByCheckpoint.containsKey(checkpointId)) {
            return; // a savepoint, which holds the state itself
        }
        chainByCheckpoint.headMap(checkpointId, false).clear();
        Set<Path> referenced = new HashSet<>();
        chainByCheckpoint.values().forEach(files -> files.forEach(file -> referenced.add(path(file))));
        for (Path path : List.copyOf(owned)) {
            if (!referenced.contains(path)) {
                delete(path);
                owned.remove(path);
            }
        }
    }

    /** The checkpoint will not complete; its files stay as long as later chains build on them. */
    void aborted(long checkpointId) {
        chainByCheckpoint.remove(checkpointId);
    }

    /** The job ended and its checkpoints with it: deletes every file this chain owns, and the directory once empty. */
    void deleteAll() throws IOException, InterruptedException {
        writer.shutdown();
        awaitTermination(writer, "a write"); // a file still being written would stay behind
        if (compaction != null) {
            try {
                owned.add(path(compaction.get()));
            } catch (ExecutionException | InterruptedException e) {
                LOG.warn("the last compaction of the trainer's checkpoint files failed: {}", e.toString());
            }
            compaction = null;
        }
        owned.forEach(this::delete);
        owned.clear();
        if (fs.exists(directory) && fs.listStatus(directory).length == 0) {
            fs.delete(directory, false);
        }
    }

    /** Stops the writer and compaction threads, letting their work under way finish first (seconds), so that no file appears later. */
    void close() throws InterruptedException {
        writer.shutdown();
        compactor.shutdown();
        awaitTermination(writer, "a write");
        awaitTermination(compactor, "a compaction");
    }

    private static void awaitTermination(ExecutorService executor, String work) throws InterruptedException {
        if (!executor.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            LOG.warn("{} of the trainer's checkpoint files is still running after {}; its file may stay behind", work, PATIENCE);
        }
    }

    private static ExecutorService daemonThread(String name) {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    private Path path(StateFile file) {
        return new Path(file.path()).makeQualified(fs);
    }

    private byte[] read(StateFile file) throws IOException {
        Path path = path(file);
        long length = fs.getFileStatus(path).getLen();
        if (length != file.bytes()) {
            throw new IOException("trainer state file " + path + " has " + length + " bytes; the checkpoint recorded " + file.bytes());
        }
        byte[] bytes = new byte[Math.toIntExact(length)];
        try (FSDataInputStream in = fs.open(path)) {
            ChunkedIo.readFully(in, bytes);
        }
        return bytes;
    }

    private void delete(Path path) {
        try {
            fs.delete(path, false);
        } catch (IOException e) {
            LOG.warn("could not delete the trainer state file {} that no checkpoint needs any more: {}", path, e.toString());
        }
    }
}
