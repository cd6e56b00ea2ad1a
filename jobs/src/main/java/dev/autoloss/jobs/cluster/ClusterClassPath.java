package dev.autoloss.jobs.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The class paths of a cluster's JVMs.
 *
 * @param flink the JobManager's and TaskManagers': Flink's lib as the module flink-lib copies it (Flink, log4j,
 *              TensorFlow), never the jobs' own libraries, which come with each submitted job (child-first). With the
 *              whole project jar there, the Kafka connector (org.apache.flink., loaded parent-first) and kafka-clients
 *              (child-first, from the job) met in two class loaders, and a submitted job failed to deserialize.
 * @param kafka the broker's: what this JVM runs (the packaged jar, or a test's class folders), which holds the broker
 */
public record ClusterClassPath(List<Path> flink, List<Path> kafka) {

    /** Where Flink's lib is, when not at {@code flink-lib/target/lib} of the build this code runs from. */
    public static final String FLINK_LIB_PROPERTY = "autoloss.flink.lib";

    public ClusterClassPath {
        flink = List.copyOf(flink);
        kafka = List.copyOf(kafka);
    }

    /** Flink's lib of this build, and this JVM's own class path for the broker. */
    public static ClusterClassPath ofThisBuild() {
        Path source = codeSource();
        Path flinkLib = System.getProperty(FLINK_LIB_PROPERTY) != null
                ? Path.of(System.getProperty(FLINK_LIB_PROPERTY))
                // this code runs from ROOT/jobs/target/autoloss.jar or ROOT/jobs/target/classes
                : source.getParent().getParent().getParent().resolve("flink-lib/target/lib");
        return new ClusterClassPath(jarsIn(flinkLib), ofThisJvm(source));
    }

    /**
     * Every jar of the folder, slf4j-api first: when it was not first, the cluster's processes logged nothing
     * (seen when the local cluster was first measured). Sorted, so that every process of a cluster loads the same classes.
     */
    static List<Path> jarsIn(Path lib) {
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("no Flink class path at " + lib + ": build it with 'mvn package' (the module flink-lib),"
                    + " or name another with -D" + FLINK_LIB_PROPERTY + "=DIR");
        }
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .sorted(Comparator.comparing((Path f) -> !f.getFileName().toString().startsWith("slf4j-api"))
                            .thenComparing(f -> f.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + lib + ": " + e.getMessage(), e);
        }
    }

    /**
     * From the packaged jar: the jar and the jars its manifest names (TensorFlow's native library in lib/).
     * From class folders (tests, an IDE): this JVM's own class path.
     */
    private static List<Path> ofThisJvm(Path source) {
        if (Files.isRegularFile(source)) {
            List<Path> jars = new ArrayList<>(List.of(source));
            jars.addAll(manifestClassPath(source));
            return jars;
        }
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath())
                .toList();
    }

    private static Path codeSource() {
        try {
            return Path.of(ClusterClassPath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where this code runs from: " + e.getMessage(), e);
        }
    }

    private static List<Path> manifestClassPath(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String entries = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (entries == null || entries.isBlank()) {
                return List.of();
            }
            List<Path> paths = new ArrayList<>();
            for (String entry : entries.strip().split("\\s+")) {
                Path path = jar.resolveSibling(entry).normalize();
                if (!Files.exists(path)) {
                    throw new IllegalStateException(jar + " names " + entry + " in its manifest, but " + path + " is missing: build with 'mvn package'");
                }
                paths.add(path);
            }
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + jar + ": " + e.getMessage(), e);
        }
    }
}
