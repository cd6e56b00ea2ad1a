package dev.autoloss.jobs.cluster;

import dev.autoloss.jobs.snapshot.RedisAddress;
import dev.autoloss.jobs.embedded.KafkaNode;
import dev.autoloss.jobs.embedded.LocalRedis;
import dev.autoloss.jobs.embedded.RedisPing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import kafka.server.KafkaConfig;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint;
import org.apache.flink.runtime.taskexecutor.TaskManagerRunner;

/**
 * A real deployment on this machine, one OS process per component: a Flink JobManager and TaskManagers
 * started from Flink's lib of this build ({@link ClusterClassPath}; settings from the resource
 * cluster/flink-config.yaml), a Kafka KRaft broker and a Redis server, all on 127.0.0.1. The processes outlive the JVM that started them; the folder's
 * {@code cluster.json} remembers them, so another JVM gets the cluster back with {@link #find}.
 *
 * <p>Fault drills take single components away and bring them back: {@link #kill} (kill -9) or {@link #stop}
 * any process, then {@link #startTaskManager}, {@link #startJobManager}, {@link #startKafka} (same data, same
 * ports) or {@link #startRedis} (empty), and the {@code await...} methods to wait until a component answers.
 * Methods that start something return once it answers, or throw with the end of its log.
 */
public final class LocalCluster implements AutoCloseable {

    public static final Path DEFAULT_DIR = Path.of(System.getProperty("java.io.tmpdir"), "autoloss-cluster");
    /** How long a component may take to answer after its start, on a busy two-core machine. */
    public static final Duration START_PATIENCE = Duration.ofSeconds(120);

    static final String JOB_MANAGER = "jobmanager";
    static final String TASK_MANAGER = "taskmanager-";
    static final String KAFKA = "kafka";
    static final String REDIS = "redis";
    /** Kafka's start script gives its broker 1 GiB; one local node with a few topics needs less. */
    private static final List<String> KAFKA_HEAP = List.of("-Xmx512m", "-Xms512m");
    private static final Duration POLL = Duration.ofMillis(200);

    private final ClusterFolder folder;
    private final ClusterPorts ports;
    private final ClusterClassPath classPath;
    private final Map<String, ClusterProcess> processes = new LinkedHashMap<>();
    private final FlinkRest rest;
    private int taskManagersStarted;
    private FlinkProcessParams taskManagerParams;

    private LocalCluster(ClusterFolder folder, ClusterPorts ports, ClusterClassPath classPath, int taskManagersStarted) {
        this.folder = folder;
        this.ports = ports;
        this.classPath = classPath;
        this.taskManagersStarted = taskManagersStarted;
        this.rest = new FlinkRest(restAddress());
    }

    /**
     * Starts a new cluster in {@code spec.dir()} (clearing what an earlier one left there) and returns once every
     * component answers: Redis PING, the Kafka broker, the JobManager's REST API with every TaskManager registered.
     * If one does not come up, everything started is stopped again and the exception names its log.
     */
    public static LocalCluster up(ClusterSpec spec) {
        ClusterFolder folder = new ClusterFolder(spec.dir());
        find(spec.dir()).ifPresent(running -> {
            throw new IllegalStateException("a cluster is already up in " + folder.root() + " (Flink " + running.webUi() + ")");
        });
        spec.ports().requireFree();
        folder.prepareFresh();
        LocalCluster cluster = new LocalCluster(folder, spec.ports(), spec.classPath(), 0);
        try {
            FlinkConfig.write(folder, spec.ports(), spec.slots());
            copyResource("cluster/log4j2.properties", folder.logConfig());
            cluster.writeKafkaStorage();
            cluster.launchRedis();
            cluster.launchKafka();
            cluster.launchJobManager();
            List<ClusterProcess> taskManagers = new ArrayList<>();
            for (int i = 0; i < spec.taskManagers(); i++) {
                taskManagers.add(cluster.launchTaskManager());
            }
            cluster.awaitRedis(START_PATIENCE);
            cluster.awaitKafka(START_PATIENCE);
            for (ClusterProcess tm : taskManagers) {
                cluster.awaitRegistered(tm, START_PATIENCE);
            }
        } catch (RuntimeException e) {
            cluster.down();
            throw e;
        }
        return cluster;
    }

    /** The cluster whose state file is in {@code dir}, when any of its processes still runs. */
    public static Optional<LocalCluster> find(Path dir) {
        ClusterFolder folder = new ClusterFolder(dir);
        return ClusterState.read(folder).map(state -> {
            LocalCluster cluster = new LocalCluster(folder, state.ports(), state.classPath(), state.taskManagersStarted());
            state.processes().forEach(p -> cluster.processes.put(p.name(), p));
            return cluster;
        }).filter(cluster -> cluster.processes.values().stream().anyMatch(ClusterProcess::alive));
    }

    // ---- addresses ----

    public Path dir() {
        return folder.root();
    }

    public ClusterFolder folder() {
        return folder;
    }

    public ClusterPorts ports() {
        return ports;
    }

    /** The JobManager's REST address, {@code host:port}: what {@code train --cluster} takes. */
    public String restAddress() {
        return FlinkConfig.LOCALHOST + ":" + ports.rest();
    }

    /** Flink's web UI. */
    public String webUi() {
        return "http://" + restAddress();
    }

    public String bootstrap() {
        return FlinkConfig.LOCALHOST + ":" + ports.kafka();
    }

    public String redisUri() {
        return "redis://" + FlinkConfig.LOCALHOST + ":" + ports.redis();
    }

    public FlinkRest rest() {
        return rest;
    }

    // ---- processes ----

    /** Every process the cluster tracks (started and not killed or stopped through this class), in start order. */
    public synchronized List<ClusterProcess> processes() {
        return List.copyOf(processes.values());
    }

    public synchronized List<ClusterProcess> taskManagers() {
        return processes.values().stream().filter(p -> p.name().startsWith(TASK_MANAGER)).toList();
    }

    public ClusterProcess jobManager() {
        return tracked(JOB_MANAGER);
    }

    public ClusterProcess kafka() {
        return tracked(KAFKA);
    }

    public ClusterProcess redis() {
        return tracked(REDIS);
    }

    /** {@code kill -9} of any of the cluster's processes, as a crash; returns once it is gone. */
    public synchronized void kill(ClusterProcess process) {
        process.kill();
        forget(process);
    }

    /** SIGTERM (then SIGKILL after {@link ClusterProcess#STOP_PATIENCE}), as an operator would stop it; returns once it is gone. */
    public synchronized void stop(ClusterProcess process) {
        process.stop();
        forget(process);
    }

    /** One more TaskManager (named {@code taskmanager-N}, also its resource id in Flink); returns once the JobManager lists it. */
    public ClusterProcess startTaskManager() {
        ClusterProcess tm = launchTaskManager();
        awaitRegistered(tm, START_PATIENCE);
        return tm;
    }

    /** The JobManager again (after a kill), on the same ports; returns once its REST API answers. Running jobs are not recovered (no HA). */
    public ClusterProcess startJobManager() {
        ClusterProcess jm = launchJobManager();
        awaitJobManager(START_PATIENCE);
        return jm;
    }

    /** The Kafka broker again, on its data folder and ports; returns once it answers. */
    public ClusterProcess startKafka() {
        ClusterProcess kafka = launchKafka();
        awaitKafka(START_PATIENCE);
        return kafka;
    }

    /** Redis again, empty (it never persists), on its port; returns once it answers PING. */
    public ClusterProcess startRedis() {
        ClusterProcess redis = launchRedis();
        awaitRedis(START_PATIENCE);
        return redis;
    }

    /** Stops the broker (SIGTERM, a clean shutdown) and starts it again on the same data and ports. */
    public ClusterProcess restartKafka() {
        processIfTracked(KAFKA).ifPresent(this::stop);
        return startKafka();
    }

    /** Stops Redis and starts it again, empty. */
    public ClusterProcess restartRedis() {
        processIfTracked(REDIS).ifPresent(this::stop);
        return startRedis();
    }

    // ---- readiness ----

    /** Until the JobManager's REST API answers {@code /overview}. */
    public void awaitJobManager(Duration patience) {
        await(jobManager(), "the JobManager's REST API answers on " + webUi(), patience, () -> rest.overview().isPresent());
    }

    /**
     * Until exactly {@code n} TaskManagers are registered. A killed one stays registered until the JobManager's
     * heartbeat gives up on it.
     */
    public void awaitTaskManagers(int n, Duration patience) {
        await(jobManager(), n + " TaskManager(s) registered at " + webUi(), patience,
                () -> rest.overview().map(o -> o.taskManagers() == n).orElse(false));
    }

    /** Until the JobManager lists {@code taskManager} (by its resource id, the process name). */
    public void awaitRegistered(ClusterProcess taskManager, Duration patience) {
        awaitAll(List.of(jobManager(), taskManager), taskManager.name() + " registered at " + webUi(), patience,
                () -> rest.taskManagerIds().contains(taskManager.name()));
    }

    public void awaitKafka(Duration patience) {
        await(kafka(), "Kafka answers on " + bootstrap(), patience, () -> KafkaProbe.answers(ports.kafka()));
    }

    public void awaitRedis(Duration patience) {
        await(redis(), "Redis answers PING on " + redisUri(), patience, () -> RedisPing.answers(RedisAddress.of(redisUri())));
    }

    // ---- down ----

    /** Stops every process (SIGTERM, SIGKILL for stragglers) and forgets them; logs and data stay until the next {@link #up}. */
    public synchronized void down() {
        ClusterProcess.stopAll(processes.values());
        processes.clear();
        ClusterState.delete(folder);
    }

    /** {@link #down()}: a cluster in a try-with-resources block (tests) goes away with it. */
    @Override
    public void close() {
        down();
    }

    // ---- starting processes ----

    private synchronized ClusterProcess launchJobManager() {
        requireNotRunning(JOB_MANAGER);
        FlinkProcessParams params = FlinkProcessParams.jobManager(classPath.flink(), folder.conf());
        List<String> args = new ArrayList<>(List.of("--configDir", folder.conf().toString()));
        args.addAll(params.dynamicProperties());
        return launch(JOB_MANAGER, javaCommand(JOB_MANAGER, classPath.flink(), params.jvmFlags(), StandaloneSessionClusterEntrypoint.class.getName(), args));
    }

    private synchronized ClusterProcess launchTaskManager() {
        if (taskManagerParams == null) {
            taskManagerParams = FlinkProcessParams.taskManager(classPath.flink(), folder.conf()); // the same for every TaskManager
        }
        String name = TASK_MANAGER + (taskManagersStarted + 1);
        List<String> args = new ArrayList<>(List.of("--configDir", folder.conf().toString()));
        args.addAll(taskManagerParams.dynamicProperties());
        // the process name as Flink's resource id, so the REST API's /taskmanagers says which process is which
        args.addAll(List.of("-D", TaskManagerOptions.TASK_MANAGER_RESOURCE_ID.key() + "=" + name));
        taskManagersStarted++;
        return launch(name, javaCommand(name, classPath.flink(), taskManagerParams.jvmFlags(), TaskManagerRunner.class.getName(), args));
    }

    private synchronized ClusterProcess launchKafka() {
        requireNotRunning(KAFKA);
        return launch(KAFKA, javaCommand(KAFKA, classPath.kafka(), KAFKA_HEAP, "kafka.Kafka", List.of(folder.kafkaProperties().toString())));
    }

    private synchronized ClusterProcess launchRedis() {
        requireNotRunning(REDIS);
        Path binary = LocalRedis.serverBinary().orElseThrow(() -> new IllegalStateException(
                "no redis-server on the PATH: install it (Debian/Ubuntu: apt-get install redis-server)"));
        List<String> command = List.of(binary.toString(),
                "--port", String.valueOf(ports.redis()),
                "--bind", FlinkConfig.LOCALHOST,
                "--save", "",
                "--appendonly", "no",
                "--dir", folder.redis().toString(),
                "--daemonize", "no");
        ClusterProcess redis = ClusterProcess.launch(REDIS, command, folder.log(REDIS), folder.log(REDIS));
        track(redis);
        return redis;
    }

    private List<String> javaCommand(String name, List<Path> classPath, List<String> flags, String mainClass, List<String> args) {
        List<String> jvmFlags = new ArrayList<>(flags);
        jvmFlags.addAll(JavaCommand.loggingAndCache(folder, name));
        return JavaCommand.of(classPath, jvmFlags, mainClass, args);
    }

    private ClusterProcess launch(String name, List<String> command) {
        ClusterProcess process = ClusterProcess.launch(name, command, folder.log(name), folder.out(name));
        track(process);
        return process;
    }

    /** server.properties from the node settings the embedded broker uses too, and freshly formatted storage. */
    private void writeKafkaStorage() {
        Properties settings = KafkaNode.settings(folder.kafkaData(), ports.kafka(), ports.kafkaController());
        try (OutputStream out = Files.newOutputStream(folder.kafkaProperties())) {
            settings.store(out, "Written by 'autoloss cluster up' (the settings of dev.autoloss.jobs.embedded.KafkaNode)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.kafkaProperties() + ": " + e.getMessage(), e);
        }
        KafkaNode.formatStorage(KafkaConfig.fromProps(settings, false));
    }

    // ---- bookkeeping ----

    private synchronized void track(ClusterProcess process) {
        processes.put(process.name(), process);
        save();
    }

    private synchronized void forget(ClusterProcess process) {
        processes.remove(process.name());
        save();
    }

    private synchronized void save() {
        new ClusterState(ports, classPath, taskManagersStarted, List.copyOf(processes.values())).write(folder);
    }

    private synchronized Optional<ClusterProcess> processIfTracked(String name) {
        return Optional.ofNullable(processes.get(name));
    }

    private ClusterProcess tracked(String name) {
        return processIfTracked(name).orElseThrow(() -> new IllegalStateException(
                "the cluster in " + folder.root() + " runs no " + name + " (killed or stopped?)"));
    }

    private void requireNotRunning(String name) {
        processIfTracked(name).filter(ClusterProcess::alive).ifPresent(p -> {
            throw new IllegalStateException(name + " of the cluster in " + folder.root() + " is running already (pid " + p.pid() + ")");
        });
    }

    private static void await(ClusterProcess process, String what, Duration patience, BooleanSupplier ready) {
        awaitAll(List.of(process), what, patience, ready);
    }

    /** Polls {@code ready}; gives up early, with the end of its log, when one of {@code processes} exits. */
    private static void awaitAll(List<ClusterProcess> processes, String what, Duration patience, BooleanSupplier ready) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!ready.getAsBoolean()) {
            for (ClusterProcess p : processes) {
                if (!p.alive()) {
                    throw new IllegalStateException(p.name() + " (pid " + p.pid() + ") exited before " + what
                            + "; see " + p.log() + ": " + p.tail());
                }
            }
            if (System.nanoTime() > deadline) {
                ClusterProcess p = processes.get(processes.size() - 1);
                throw new IllegalStateException("not within " + patience.toSeconds() + " s: " + what + "; see " + p.log() + ": " + p.tail());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting until " + what, e);
            }
        }
    }

    private static void copyResource(String resource, Path target) {
        try (InputStream in = LocalCluster.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is not on the class path");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
