package dev.autoloss.jobs.embedded;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where a job runs; the job code is the same everywhere. By default an in-process MiniCluster, started
 * when the job executes and gone when it ends; else a running cluster's JobManager at {@code host:port}
 * (its REST port); and when the program was launched by {@code flink run}, the cluster that launched it.
 */
public final class LocalFlink {

    /** RocksDB's block cache and write buffers come out of managed memory; the rest of the heap is the job's. */
    private static final MemorySize LOCAL_MANAGED_MEMORY = MemorySize.ofMebiBytes(256);

    private LocalFlink() {}

    /**
     * The environment for a command: {@code cluster} ({@code host:port}) when given, else the
     * {@code flink run} context when there is one, else a local MiniCluster, with the web UI on
     * {@code webUiPort} when present.
     */
    public static StreamExecutionEnvironment environment(String cluster, int parallelism, OptionalInt webUiPort) {
        return environment(cluster, parallelism, parallelism, webUiPort);
    }

    /** As {@link #environment(String, int, OptionalInt)}, a local MiniCluster with {@code slots} slots (operators wider than the parallelism). */
    public static StreamExecutionEnvironment environment(String cluster, int parallelism, int slots, OptionalInt webUiPort) {
        if (cluster != null && !cluster.isBlank()) {
            JobManagerAddress address = JobManagerAddress.parse(cluster);
            String jar = runningJar().orElseThrow(() -> new IllegalStateException("submitting to the Flink cluster at "
                    + cluster + " ships the packaged jar, but this runs from class folders: use ./autoloss (jobs/target/autoloss.jar)"));
            return remote(address, parallelism, jar);
        }
        StreamExecutionEnvironment context = StreamExecutionEnvironment.getExecutionEnvironment();
        if (!(context instanceof LocalStreamEnvironment)) {
            return context; // submitted with `flink run`: the cluster decides resources and parallelism
        }
        return local(parallelism, slots, webUiPort);
    }

    /** A MiniCluster with one slot per parallel instance; the web UI (Flink's dashboard) on 127.0.0.1 when asked for. */
    public static StreamExecutionEnvironment local(int parallelism, OptionalInt webUiPort) {
        return local(parallelism, parallelism, webUiPort);
    }

    private static StreamExecutionEnvironment local(int parallelism, int slots, OptionalInt webUiPort) {
        requirePositive(parallelism);
        Configuration config = new Configuration();
        config.set(TaskManagerOptions.NUM_TASK_SLOTS, Math.max(parallelism, slots));
        config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, LOCAL_MANAGED_MEMORY);
        if (webUiPort.isEmpty()) {
            return StreamExecutionEnvironment.createLocalEnvironment(parallelism, config);
        }
        config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        config.set(RestOptions.PORT, webUiPort.getAsInt());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(config);
        env.setParallelism(parallelism);
        return env;
    }

    /** A running cluster, given its JobManager's REST address {@code host:port}; {@code jars} carry the job's classes. */
    public static StreamExecutionEnvironment remote(String hostPort, int parallelism, String... jars) {
        return remote(JobManagerAddress.parse(hostPort), parallelism, jars);
    }

    /**
     * A cluster on this machine, shipped the job's classes from where this code runs: the packaged jar, or (from class
     * folders: tests) this JVM's class path as the job's class path, which only a cluster on this machine can read.
     */
    public static StreamExecutionEnvironment onThisMachine(String hostPort, int parallelism) {
        Optional<String> jar = runningJar();
        if (jar.isPresent()) {
            return remote(hostPort, parallelism, jar.get());
        }
        StreamExecutionEnvironment env = remote(hostPort, parallelism);
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.add(Path.of(entry).toUri().toString());
        }
        Configuration config = new Configuration();
        config.set(PipelineOptions.CLASSPATHS, classPath);
        env.configure(config);
        return env;
    }

    private static StreamExecutionEnvironment remote(JobManagerAddress address, int parallelism, String... jars) {
        requirePositive(parallelism);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(address.host(), address.port(), jars);
        env.setParallelism(parallelism);
        return env;
    }

    /** The packaged jar this code runs from, which a remote cluster needs for the job's classes; none from class folders. */
    private static Optional<String> runningJar() {
        try {
            Path location = Path.of(LocalFlink.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Optional.of(location.toString()).filter(path -> path.endsWith(".jar"));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static void requirePositive(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
    }

    private record JobManagerAddress(String host, int port) {
        static JobManagerAddress parse(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            int port = -1;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                // reported below with the whole address
            }
            if (colon <= 0 || port <= 0 || port > 65535) {
                throw new IllegalArgumentException("Flink cluster must be HOST:PORT (the JobManager's REST address,"
                        + " e.g. localhost:8081), got '" + hostPort + "'");
            }
            return new JobManagerAddress(hostPort.substring(0, colon), port);
        }
    }
}
