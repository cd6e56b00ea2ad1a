package dev.autoloss.model.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the real data samples that live beside the project (in {@code ../shared/data}), never inside it.
 * Looks at {@code $AUTOLOSS_DATA_DIR} first, then for a {@code shared/data} folder beside any parent
 * of the working directory. Tests that need a sample call {@link #require} and are skipped, with a
 * message naming what is missing, when it is absent (a user's fresh clone has no such folder).
 */
public final class SharedData {

    private SharedData() {}

    /** The sample at {@code relative} under the shared data folder; skips the calling test when absent. */
    public static Path require(String relative) {
        Path root = root();
        assumeTrue(root != null, "skipped: no shared data folder (set AUTOLOSS_DATA_DIR or put shared/data beside the project)");
        Path file = root.resolve(relative);
        assumeTrue(Files.exists(file), "skipped: sample " + file + " is absent");
        return file;
    }

    static Path root() {
        String env = System.getenv("AUTOLOSS_DATA_DIR");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("data");
            if (dir.getParent() != null && Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
