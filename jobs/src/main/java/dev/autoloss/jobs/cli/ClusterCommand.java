package dev.autoloss.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code autoloss cluster up|down|status}: a real deployment on this machine, one OS process per component. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = {"A real local deployment in separate processes, without Docker: a Flink JobManager and TaskManagers, "
                + "a Kafka KRaft broker and a Redis server, on 127.0.0.1.",
                "The JVMs run jobs/target/autoloss.jar with the Flink settings of the resource cluster/flink-config.yaml. "
                + "Submit jobs to it with 'train --cluster' and 'score --cluster'."},
        subcommands = {ClusterUpCommand.class, ClusterDownCommand.class, ClusterStatusCommand.class})
final class ClusterCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
