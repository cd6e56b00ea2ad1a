package dev.autoloss.jobs.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Scratch directories of the embedded servers: created under the system's temp directory, deleted on close. */
final class TempDirectories {

    private static final Logger LOG = LoggerFactory.getLogger(TempDirectories.class);

    private TempDirectories() {}

    static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary directory " + prefix + "*", e);
        }
    }

    /** Deletes the tree; a leftover file is logged, not thrown, since it must not hide the caller's own error. */
    static void deleteQuietly(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete {}: {}", directory, e.getMessage());
        }
        if (Files.exists(directory)) {
            LOG.warn("could not delete all of {}", directory);
        }
    }
}
