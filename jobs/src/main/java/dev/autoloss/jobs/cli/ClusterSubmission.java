package dev.autoloss.jobs.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Option;

/**
 * How {@code train} and {@code score} submit to a running cluster ({@code --cluster}): they say which job went
 * where and where to watch it, then wait for its end (and relay it) unless {@code --detached}. The job runs on
 * the cluster either way: interrupting the wait leaves it running.
 */
final class ClusterSubmission {

    @Option(names = "--detached", description = "with --cluster: return once the job is submitted, instead of waiting for its end")
    boolean detached;

    /** Submits the job built on {@code env} to {@code cluster} (the JobManager's REST address); the exit status for the command. */
    int submit(StreamExecutionEnvironment env, String jobName, String cluster, PrintWriter out) throws Exception {
        long started = System.nanoTime();
        JobClient job = env.executeAsync(jobName);
        String id = job.getJobID().toHexString();
        out.println("submitted job " + id + " to " + cluster + "; web UI http://" + cluster + "/#/job/running/" + id);
        out.flush();
        if (detached) {
            return 0;
        }
        try {
            job.getJobExecutionResult().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("job " + id + " " + finalState(job) + ": " + rootCause(e), e);
        }
        out.printf(Locale.ROOT, "job %s FINISHED after %.1f s%n", id, (System.nanoTime() - started) / 1e9);
        return 0;
    }

    /** Refuses {@code --detached} where there is nothing to detach from. */
    void requireCluster(String cluster) {
        if (detached && (cluster == null || cluster.isBlank())) {
            throw new IllegalArgumentException("--detached only applies with --cluster HOST:PORT");
        }
    }

    private static String finalState(JobClient job) {
        try {
            return job.getJobStatus().get(5, TimeUnit.SECONDS).name();
        } catch (Exception e) {
            return "did not finish";
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
