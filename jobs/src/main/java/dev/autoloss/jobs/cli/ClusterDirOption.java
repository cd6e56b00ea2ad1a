package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.cluster.LocalCluster;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --dir}: the folder of a local cluster, shared by {@code cluster up}, {@code down}, {@code status} and {@code drill}. */
final class ClusterDirOption {

    @Option(names = "--dir", paramLabel = "DIR",
            description = "the cluster's folder: cluster.json (its processes), conf/, logs/, data (default: ${DEFAULT-VALUE})")
    Path dir = LocalCluster.DEFAULT_DIR;

    /** What a command that found no cluster in the folder says. */
    String noneUp() {
        return "no cluster up in " + dir.toAbsolutePath().normalize();
    }

    /** The same, and how to start one. */
    String noneUpStartOne() {
        return noneUp() + " ('autoloss cluster up" + flag() + "' starts one)";
    }

    /** " --dir DIR" when not the default, for the commands a message suggests. */
    String flag() {
        return dir.toAbsolutePath().normalize().equals(LocalCluster.DEFAULT_DIR.toAbsolutePath().normalize()) ? "" : " --dir " + dir;
    }
}
