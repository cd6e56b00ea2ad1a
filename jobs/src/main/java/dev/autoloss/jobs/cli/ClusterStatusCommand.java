package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.cluster.ClusterStatus;
import dev.autoloss.jobs.cluster.LocalCluster;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code autoloss cluster status}: which processes run and whether each answers; exit status 0 only when all run. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Says which processes of the cluster in DIR run and whether each answers (exit status 1 when one is gone or none is up).")
final class ClusterStatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterDirOption dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<LocalCluster> found = LocalCluster.find(dir.dir);
        if (found.isEmpty()) {
            out.println(dir.noneUpStartOne());
            return OneLineErrors.FAILED;
        }
        ClusterStatus status = ClusterStatus.of(found.get());
        status.lines().forEach(out::println);
        return status.allRunning() ? 0 : OneLineErrors.FAILED;
    }
}
