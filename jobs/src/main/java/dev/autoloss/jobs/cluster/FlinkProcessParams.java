package dev.autoloss.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.util.bash.BashJavaUtils;

/**
 * The JVM flags ({@code -Xmx}, {@code -XX:MaxDirectMemorySize}, ...) and dynamic properties ({@code -D
 * taskmanager.memory.*=...}) of a JobManager or TaskManager process, got as Flink's start scripts get them:
 * from {@code BashJavaUtils}, which works out the memory budget from config.yaml. A TaskManager refuses to
 * start without them.
 */
record FlinkProcessParams(List<String> jvmFlags, List<String> dynamicProperties) {

    private static final long PATIENCE_SECONDS = 60;

    static FlinkProcessParams taskManager(List<Path> classPath, Path conf) {
        return ask("GET_TM_RESOURCE_PARAMS", classPath, conf);
    }

    static FlinkProcessParams jobManager(List<Path> classPath, Path conf) {
        return ask("GET_JM_RESOURCE_PARAMS", classPath, conf);
    }

    private static FlinkProcessParams ask(String command, List<Path> classPath, Path conf) {
        List<String> line = JavaCommand.of(classPath, List.of(), BashJavaUtils.class.getName(), List.of(command, "--configDir", conf.toString()));
        String output;
        int exit;
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("BashJavaUtils " + command + " did not finish within " + PATIENCE_SECONDS + " s");
            }
            exit = process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run BashJavaUtils " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running BashJavaUtils " + command, e);
        }
        List<String> results = output.lines()
                .filter(l -> l.startsWith(BashJavaUtils.EXECUTION_PREFIX))
                .map(l -> l.substring(BashJavaUtils.EXECUTION_PREFIX.length()).strip())
                .toList();
        if (exit != 0 || results.size() < 2) {
            List<String> said = output.lines().filter(l -> !l.isBlank()).toList();
            throw new IllegalStateException("BashJavaUtils " + command + " --configDir " + conf + " failed (exit " + exit + "): "
                    + String.join(" | ", said.subList(Math.max(0, said.size() - 5), said.size())));
        }
        // the last two result lines: JVM flags, then '-D key=value' pairs (values hold no spaces)
        return new FlinkProcessParams(words(results.get(results.size() - 2)), words(results.get(results.size() - 1)));
    }

    private static List<String> words(String line) {
        return line.isEmpty() ? List.of() : Arrays.asList(line.split("\\s+"));
    }
}
