package dev.autoloss.jobs.cluster;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The {@code java} command line of one of a cluster's JVMs: this JVM's java, the cluster's class path, Java 17's opened packages. */
final class JavaCommand {

    /** Flink on Java 17 needs these packages opened to its serializers: the same list as the {@code ./autoloss} launcher's. */
    static final List<String> ADD_OPENS = List.of(
            "java.base/java.lang", "java.base/java.util", "java.base/java.lang.reflect", "java.base/java.net",
            "java.base/java.io", "java.base/java.nio", "java.base/sun.nio.ch", "java.base/java.text", "java.base/java.time",
            "java.base/java.util.concurrent", "java.base/java.util.concurrent.atomic", "java.base/java.util.concurrent.locks");

    /** TensorFlow's native library (680 MB unpacked) is unpacked once per cache folder: the launcher's, shared by every process. */
    private static final String JAVACPP_CACHE = "org.bytedeco.javacpp.cachedir";

    private JavaCommand() {}

    static List<String> of(List<Path> classPath, List<String> jvmFlags, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ADD_OPENS.forEach(pkg -> command.add("--add-opens=" + pkg + "=ALL-UNNAMED"));
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** Where a process logs (log4j to {@code logs/NAME.log}, as Flink's web UI expects) and unpacks TensorFlow. */
    static List<String> loggingAndCache(ClusterFolder folder, String process) {
        String defaultCache = Path.of(System.getProperty("user.home"), ".javacpp", "cache").toString();
        return List.of(
                "-Dlog.file=" + folder.log(process),
                "-Dlog4j.configurationFile=" + folder.logConfig(),
                "-D" + JAVACPP_CACHE + "=" + System.getProperty(JAVACPP_CACHE, defaultCache));
    }
}
