package dev.autoloss.jobs.drill;

/** Something a drill breaks while the train job (a {@code J}) runs, and brings back as an operator would. */
@FunctionalInterface
public interface Fault<J extends DrilledJob> {

    /** Breaks it, then brings it back (restarting what died, resubmitting the job where the operator must); returns once done. */
    void strikeAndRecover(J job) throws Exception;
}
