package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.cluster.LocalCluster;
import dev.autoloss.jobs.drill.ClusterTrainJob;
import dev.autoloss.jobs.drill.DrillResult;
import dev.autoloss.jobs.drill.DrillRunner;
import dev.autoloss.jobs.drill.Drills;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code autoloss drill}: fault drills against the local cluster of {@code autoloss cluster up}. */
@Command(name = "drill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fault drills on the local cluster ('autoloss cluster up'): for each, a live stream of generated events, the train"
                + " job, a fault struck and recovered as an operator would, then the checks: every training event trained exactly once"
                + " (count and id digest), versions only going up and always whole, and the time until a model newer than any served"
                + " before the fault is served. Prints a table; exits 1 when a drill fails.",
                "Drills: taskmanager-kill (kill -9, a new TaskManager started), jobmanager-kill (kill -9, started again, the job"
                + " resubmitted with the same command), kafka-restart, redis-restart (comes back empty), process-kill (kill -9 of a"
                + " local 'autoloss train' process, then the same command)."})
public final class DrillCommand implements Callable<Integer> {

    @Mixin
    ClusterDirOption cluster;

    @Option(names = "--drills", split = ",", paramLabel = "NAME", description = "which drills, in order (default: all)")
    List<String> drills = Drills.NAMES;

    @Option(names = "--events", defaultValue = "60000", description = "events per drill, at least (default: ${DEFAULT-VALUE})")
    long events;

    @Option(names = "--rate", defaultValue = "3000", description = "events per second of the live stream (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--patience", defaultValue = "180s", converter = DurationConverter.class,
            description = "longest wait for each stage of a drill (default: ${DEFAULT-VALUE})")
    Duration patience;

    @Option(names = "--trainers", defaultValue = "1", paramLabel = "N", description = "the job's trainers (train --trainers; default: ${DEFAULT-VALUE})")
    int trainers;

    @Mixin
    JsonReportOption report;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Drills.requireKnown(drills);
        LocalCluster running = LocalCluster.find(cluster.dir).orElseThrow(() -> new IllegalStateException(cluster.noneUpStartOne()));
        DrillRunner runner = new DrillRunner(new DrillRunner.Settings(running.bootstrap(), running.redisUri(), running.dir().resolve("drills"),
                events, rate, patience, Drills.jobFlags(trainers)));
        List<DrillResult> results = new ArrayList<>();
        for (String name : drills) {
            results.add(Drills.run(name, runner, running));
        }
        DrillResult.printTable(results, System.out);
        report.write(results, spec.commandLine().getOut());
        return results.stream().allMatch(DrillResult::passed) ? 0 : 1;
    }
}
