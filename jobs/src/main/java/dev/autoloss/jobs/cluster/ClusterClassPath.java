package dev.autoloss.jobs.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** The class path of a cluster's JVMs: what this JVM runs, so that the cluster runs the same code as the command that started it. */
final class ClusterClassPath {

    private ClusterClassPath() {}

    /**
     * From the packaged jar ({@code ./autoloss}): the jar and the jars its manifest names (TensorFlow's native
     * library in {@code lib/}). From class folders (tests, an IDE): this JVM's own class path.
     */
    static List<Path> ofThisJvm() {
        Path source = codeSource();
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
                    throw new IllegalStateException(jar + " names " + entry + " in its manifest, but " + path
                            + " is missing: build with 'mvn package' (TensorFlow's native library goes there)");
                }
                paths.add(path);
            }
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + jar + ": " + e.getMessage(), e);
        }
    }
}
