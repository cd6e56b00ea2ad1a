package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.cluster.ClusterPorts;
import dev.autoloss.jobs.cluster.ClusterSpec;
import dev.autoloss.jobs.cluster.FlinkRest.Overview;
import dev.autoloss.jobs.cluster.LocalCluster;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code autoloss cluster up}: starts the processes, waits until each answers, prints the addresses. */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts a local cluster in the background and returns once Redis, the Kafka broker and the JobManager "
                + "with its TaskManagers answer.",
                "The processes outlive this command ('cluster down' stops them) and log to DIR/logs. "
                + "A cluster already up in DIR is left as it is."})
final class ClusterUpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterDirOption dir;

    @Option(names = "--taskmanagers", paramLabel = "N", defaultValue = "1", description = "TaskManager processes (default: ${DEFAULT-VALUE})")
    int taskManagers;

    @Option(names = "--slots", paramLabel = "N", description = "task slots per TaskManager (default: taskmanager.numberOfTaskSlots of cluster/flink-config.yaml)")
    Integer slots;

    @Option(names = "--rest-port", paramLabel = "PORT", defaultValue = "" + ClusterPorts.DEFAULT_REST,
            description = "the JobManager's REST API and web UI (default: ${DEFAULT-VALUE})")
    int restPort;

    @Option(names = "--rpc-port", paramLabel = "PORT", defaultValue = "" + ClusterPorts.DEFAULT_RPC,
            description = "the JobManager's RPC port, where TaskManagers register (default: ${DEFAULT-VALUE})")
    int rpcPort;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "" + ClusterPorts.DEFAULT_KAFKA,
            description = "Kafka's bootstrap port (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--kafka-controller-port", paramLabel = "PORT", defaultValue = "" + ClusterPorts.DEFAULT_KAFKA_CONTROLLER,
            description = "the KRaft controller's port (default: ${DEFAULT-VALUE})")
    int kafkaControllerPort;

    @Option(names = "--redis-port", paramLabel = "PORT", defaultValue = "" + ClusterPorts.DEFAULT_REDIS,
            description = "Redis's port (default: ${DEFAULT-VALUE})")
    int redisPort;

    @Option(names = "--free-ports", description = "use any free ports instead of the defaults (tests, clusters side by side)")
    boolean freePorts;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<LocalCluster> running = LocalCluster.find(dir.dir);
        if (running.isPresent()) {
            LocalCluster c = running.get();
            out.println("a cluster is already up in " + c.dir() + ": Flink " + c.webUi() + ", Kafka " + c.bootstrap() + ", Redis "
                    + c.redisUri() + " ('autoloss cluster status" + dir.flag() + "' says more, 'autoloss cluster down" + dir.flag() + "' stops it)");
            return 0;
        }
        ClusterSpec clusterSpec = ClusterSpec.of(dir.dir, ports()).withTaskManagers(taskManagers);
        if (slots != null) {
            clusterSpec = clusterSpec.withSlots(slots);
        }
        long started = System.nanoTime();
        LocalCluster cluster = LocalCluster.up(clusterSpec);
        printAddresses(out, cluster, (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private ClusterPorts ports() {
        if (!freePorts) {
            return new ClusterPorts(restPort, rpcPort, kafkaPort, kafkaControllerPort, redisPort);
        }
        ParseResult given = spec.commandLine().getParseResult();
        for (String flag : List.of("--rest-port", "--rpc-port", "--kafka-port", "--kafka-controller-port", "--redis-port")) {
            if (given.hasMatchedOption(flag)) {
                throw new ParameterException(spec.commandLine(), "--free-ports picks every port: give it or " + flag + ", not both");
            }
        }
        return ClusterPorts.free();
    }

    private void printAddresses(PrintWriter out, LocalCluster cluster, double seconds) {
        Overview o = cluster.rest().overview().orElseThrow(() -> new IllegalStateException("the JobManager stopped answering at " + cluster.webUi()));
        out.printf(Locale.ROOT, "cluster up in %.1f s, in %s%n", seconds, cluster.dir());
        out.printf(Locale.ROOT, "  Flink JobManager  %s (REST, pid %d), web UI %s; %d TaskManager(s), %d slots%n",
                cluster.restAddress(), cluster.jobManager().pid(), cluster.webUi(), o.taskManagers(), o.slotsTotal());
        out.printf(Locale.ROOT, "  Kafka bootstrap   %s (pid %d)%n", cluster.bootstrap(), cluster.kafka().pid());
        out.printf(Locale.ROOT, "  Redis             %s (pid %d)%n", cluster.redisUri(), cluster.redis().pid());
        out.printf(Locale.ROOT, "  logs              %s%n", cluster.folder().logs());
        out.println("submit a job:");
        out.println("  ./autoloss replay --generate 20000 --format criteo --topic events --bootstrap " + cluster.bootstrap());
        out.println("  ./autoloss train --cluster " + cluster.restAddress() + " --bootstrap " + cluster.bootstrap() + " --redis "
                + cluster.redisUri() + " --bounded");
        out.println("status: ./autoloss cluster status" + dir.flag() + "; stop it: ./autoloss cluster down" + dir.flag());
    }
}
