package dev.autoloss.jobs.drill;

/** The train job a drill runs, started the way an operator starts it, and started again the same way after a fault. */
public interface DrilledJob extends AutoCloseable {

    /** Starts the job (again); returns once it is submitted or launched. */
    void start() throws Exception;

    /** Stops it at the end of the drill. */
    @Override
    void close() throws Exception;
}
