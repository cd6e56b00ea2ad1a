package dev.autoloss.jobs.cli;

import dev.autoloss.model.experiment.ExperimentListener;
import dev.autoloss.model.experiment.RunResult;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of an experiment on stderr: a progress bar over the runs on a terminal (its message names the
 * run and epoch), and one line per finished run otherwise, so a log file stays readable.
 */
final class ExperimentProgress implements ExperimentListener, AutoCloseable {

    private final PrintWriter err;
    private final ProgressBar bar;
    private final long started = System.nanoTime();

    ExperimentProgress(PrintWriter err, int runs, boolean terminal) {
        this.err = err;
        this.bar = terminal
                ? new ProgressBarBuilder().setTaskName("experiment").setInitialMax(runs).setStyle(ProgressBarStyle.ASCII).build()
                : null;
    }

    @Override
    public void epochFinished(int run, int runs, String method, long seed, int epoch, double validationAuc) {
        if (bar != null) {
            bar.setExtraMessage(String.format(Locale.ROOT, "%s seed %d epoch %d: validation AUC %.4f",
                    method, seed, epoch, validationAuc));
        }
    }

    @Override
    public void runFinished(int run, int runs, RunResult r) {
        if (bar != null) {
            bar.step();
            return;
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        err.printf(Locale.ROOT, "[%d/%d] %s seed %d: test AUC %.4f, log-loss %.4f (%d epochs, best %d) in %.1f s; about %.0f s left%n",
                run, runs, r.method(), r.seed(), r.testAuc(), r.testLogLoss(), r.epochs(), r.bestEpoch(), r.seconds(),
                elapsed / run * (runs - run));
        err.flush();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
