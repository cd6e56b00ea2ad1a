package dev.autoloss.jobs.train;

import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.MurmurHash3;
import org.apache.flink.api.common.functions.Partitioner;

/**
 * Which of the job's trainers trains an event: by a stable hash of its id (the half of the hash that the
 * {@link ValidationSplit} does not use, so that every trainer gets its share of validation events too), so that
 * an event goes to the same trainer in every run and after every restore.
 */
public final class TrainerShare implements Partitioner<String> {

    public static int of(String eventId, int trainers) {
        long hash = MurmurHash3.hash128x64(eventId.getBytes(StandardCharsets.UTF_8))[1];
        return (int) Long.remainderUnsigned(hash, trainers);
    }

    @Override
    public int partition(String eventId, int trainers) {
        return of(eventId, trainers);
    }
}
