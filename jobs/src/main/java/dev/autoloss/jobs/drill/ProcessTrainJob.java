package dev.autoloss.jobs.drill;

import dev.autoloss.jobs.cli.AutolossCli;
import dev.autoloss.jobs.cluster.TensorFlowEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code autoloss train FLAGS} as its own process (a local MiniCluster), on this JVM's class path: the job a user runs
 * without a cluster. {@link #kill} is {@code kill -9}; {@link #start} again is the same command again. Output goes to
 * {@code train-N.log} in the folder, one file per start.
 */
public final class ProcessTrainJob implements DrilledJob {

    /** Flink's serializers need these packages open on Java 17, as in the autoloss launcher. */
    private static final List<String> OPENS = List.of("java.lang", "java.util", "java.lang.reflect", "java.net", "java.io", "java.nio",
            "sun.nio.ch", "java.text", "java.time", "java.util.concurrent", "java.util.concurrent.atomic", "java.util.concurrent.locks");

    private final List<String> flags;
    private final Path folder;
    private Process process;
    private int starts;

    public ProcessTrainJob(List<String> flags, Path folder) {
        this.flags = List.copyOf(flags);
        this.folder = folder;
    }

    @Override
    public void start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        OPENS.forEach(p -> command.add("--add-opens=java.base/" + p + "=ALL-UNNAMED"));
        command.addAll(List.of("-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"), AutolossCli.class.getName(), "train"));
        command.addAll(flags);
        Path log = Files.createDirectories(folder).resolve("train-" + ++starts + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        TensorFlowEnvironment.addTo(builder.environment());
        process = builder.start();
    }

    /** {@code kill -9}: nothing in the process gets to clean up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
