package dev.autoloss.jobs.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * What {@code cluster.json} holds: the processes a cluster runs, and what another JVM (a later
 * {@code autoloss cluster down}, a fault drill) needs to start more of them.
 *
 * @param taskManagersStarted TaskManagers started so far, killed ones included: the next one's number
 */
record ClusterState(ClusterPorts ports, ClusterClassPath classPath, int taskManagersStarted, List<ClusterProcess> processes) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static Optional<ClusterState> read(ClusterFolder folder) {
        Path file = folder.stateFile();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), ClusterState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (" + e.getMessage() + "): stop its processes by hand and delete it", e);
        }
    }

    /** Replaces the file in one step, so that a reader never sees half of it. */
    void write(ClusterFolder folder) {
        Path file = folder.stateFile();
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            JSON.writeValue(temporary.toFile(), this);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static void delete(ClusterFolder folder) {
        try {
            Files.deleteIfExists(folder.stateFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder.stateFile() + ": " + e.getMessage(), e);
        }
    }
}
