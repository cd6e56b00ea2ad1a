package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.cluster.ClusterProcess;
import dev.autoloss.jobs.cluster.LocalCluster;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code autoloss cluster down}: stops every process {@code cluster up} started (and the drills' later ones). */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stops every process of the cluster in DIR (SIGTERM, then SIGKILL after 20 s). Logs and data stay until the next 'cluster up'.")
final class ClusterDownCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterDirOption dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<LocalCluster> found = LocalCluster.find(dir.dir);
        if (found.isEmpty()) {
            out.println(dir.noneUp());
            return 0;
        }
        LocalCluster cluster = found.get();
        List<ClusterProcess> processes = cluster.processes().stream().filter(ClusterProcess::alive).toList();
        long started = System.nanoTime();
        cluster.down();
        out.printf(Locale.ROOT, "stopped %s in %.1f s; logs stay in %s%n",
                processes.stream().map(p -> p.name() + " (pid " + p.pid() + ")").collect(Collectors.joining(", ")),
                (System.nanoTime() - started) / 1e9, cluster.folder().logs());
        return 0;
    }
}
