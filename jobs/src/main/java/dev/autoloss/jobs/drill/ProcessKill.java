package dev.autoloss.jobs.drill;

/** {@code kill -9} of a local {@code autoloss train} process, then the same command again. */
public final class ProcessKill implements Fault<ProcessTrainJob> {

    @Override
    public String name() {
        return "process-kill";
    }

    @Override
    public void strikeAndRecover(ProcessTrainJob job) throws Exception {
        job.kill();
        job.start();
    }
}
