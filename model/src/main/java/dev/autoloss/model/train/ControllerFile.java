package dev.autoloss.model.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.autoloss.model.snapshot.Snapshot;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A loss controller saved to a file ({@link Trainer#saveController()}: a versioned, checksummed snapshot whose
 * header holds the weighting, task, classes, candidate names and precision it was searched with), read once where
 * the command runs so that a Flink job carries its bytes. Every error names the file.
 */
public final class ControllerFile implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final byte[] bytes;
    private final String header;

    private ControllerFile(String file, byte[] bytes, String header) {
        this.file = file;
        this.bytes = bytes;
        this.header = header;
    }

    /** Reads and checks {@code file}: a damaged file or another kind of snapshot is refused here, not at training. */
    public static ControllerFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the controller file: " + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()));
        }
        try {
            Snapshot snapshot = Snapshot.read(bytes);
            ControllerSnapshots.requireController(snapshot);
            return new ControllerFile(file.toString(), bytes, snapshot.stateShape());
        } catch (IllegalArgumentException e) { // a damaged snapshot too
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code trainer}'s controller to {@code file}, whole or not at all (a temporary file moved in place). */
    public static void save(Trainer trainer, Path file) {
        byte[] controller = trainer.saveController();
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(temporary, controller);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the controller: " + e.getMessage(), e);
        }
    }

    /** Refuses, in one line naming this file and each part that differs, a trainer the controller does not fit. */
    public void requireFits(TrainerConfig config) {
        try {
            ControllerSnapshots.requireFits(Snapshot.read(bytes), config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Loads the controller into {@code trainer} and keeps it fixed there ({@link Trainer#freezeController}). */
    public void freezeInto(Trainer trainer) {
        requireFits(trainer.config());
        trainer.freezeController(bytes);
    }

    @JsonProperty
    public String file() {
        return file;
    }

    /** What the controller was searched with: weighting, task, classes, candidates, precision. */
    @JsonProperty
    public String header() {
        return header;
    }

    @Override
    public String toString() {
        return file + " (" + header + ")";
    }
}
