package dev.autoloss.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code autoloss} command line: one subcommand per user task. */
@Command(
        name = "autoloss",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Streaming online learning of deep recommenders with automated loss function search (AutoLoss).",
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, InspectCommand.class, ReplayCommand.class, TrainCommand.class,
                ExperimentCommand.class, ReportCommand.class, ScoreCommand.class, PredictCommand.class, QueryCommand.class, StatusCommand.class,
                StudyCommand.class, ClusterCommand.class, DrillCommand.class, BenchCommand.class})
public final class AutolossCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        LauncherConsole.restoreStderr();
        // charts are drawn without a display (report, demo)
        System.setProperty("java.awt.headless", "true");
        CommandLine cli = newCommandLine();
        int code = cli.execute(args);
        // picocli's writers buffer: a table printed with print() (experiment's without --out) was lost at exit
        cli.getOut().flush();
        cli.getErr().flush();
        System.exit(code);
    }

    /** The command line with the project's error handling: bad flags print one line, not a stack trace. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new AutolossCli())
                .setParameterExceptionHandler(new OneLineErrors())
                .setExecutionExceptionHandler(new OneLineErrors());
    }
}
