package dev.autoloss.jobs.train;

/**
 * One file of the trainer's checkpointed state: a full snapshot, or an increment on the file before it.
 *
 * @param path  where it is, as a Flink file system URI
 * @param bytes its size
 */
public record StateFile(String path, long bytes) {}
