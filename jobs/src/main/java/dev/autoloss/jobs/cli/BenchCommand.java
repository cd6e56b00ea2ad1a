package dev.autoloss.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code autoloss bench}: speed benchmarks (never unit tests), one subcommand each. Every subcommand
 * prints its figures and, with {@code --out FILE.json}, writes them as JSON.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Speed benchmarks: one subcommand per part of the system.",
        subcommands = {BenchTrainerCommand.class, BenchStreamCommand.class, BenchServeCommand.class, BenchScaleCommand.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
