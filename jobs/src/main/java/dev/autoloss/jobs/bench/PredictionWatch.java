package dev.autoloss.jobs.bench;

import dev.autoloss.jobs.serve.PredictionKeys;
import dev.autoloss.jobs.snapshot.RedisAddress;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import io.lettuce.core.KeyValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches Redis for the predictions of requests as they are sent, and records each one's time from its send until
 * the first poll that reads its key. Polls every millisecond (MGET of the keys still missing), so a latency is
 * late by at most about a millisecond and a poll's round trip.
 */
final class PredictionWatch implements AutoCloseable {

    private static final int KEYS_PER_MGET = 500;
    private static final long POLL_MILLIS = 1;

    private record Sent(String key, long nanos) {}

    private final RedisEndpoint redis;
    private final PredictionKeys keys;
    private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
    private final LatencySamples samples = new LatencySamples(); // written by the watching thread only
    private final AtomicLong found = new AtomicLong();
    private final Thread thread = new Thread(this::watch, "bench-prediction-watch");
    private volatile boolean running = true;

    PredictionWatch(RedisAddress address, PredictionKeys keys) {
        this.redis = RedisEndpoint.connect(address);
        this.keys = keys;
        thread.start();
    }

    /** Call right before sending the request. */
    void sending(String requestId) {
        sent.add(new Sent(keys.prediction(requestId), System.nanoTime()));
    }

    /** The latencies once {@code expected} predictions were found; fails naming how many were missing after {@code timeout}. */
    LatencySamples awaitAll(long expected, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (found.get() < expected) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException((expected - found.get()) + " of " + expected + " predictions were not in Redis after " + timeout);
            }
            Thread.sleep(POLL_MILLIS);
        }
        running = false;
        thread.join(); // its samples are complete and visible from here
        return samples;
    }

    private void watch() {
        List<Sent> missing = new ArrayList<>();
        while (running) {
            for (Sent s; (s = sent.poll()) != null; ) {
                missing.add(s);
            }
            List<Sent> stillMissing = new ArrayList<>();
            for (int from = 0; from < missing.size(); from += KEYS_PER_MGET) {
                List<Sent> chunk = missing.subList(from, Math.min(missing.size(), from + KEYS_PER_MGET));
                List<KeyValue<String, byte[]>> values = redis.sync().mget(chunk.stream().map(Sent::key).toArray(String[]::new));
                long now = System.nanoTime();
                for (int i = 0; i < chunk.size(); i++) {
                    if (values.get(i).hasValue()) {
                        samples.add(now - chunk.get(i).nanos());
                        found.incrementAndGet();
                    } else {
                        stillMissing.add(chunk.get(i));
                    }
                }
            }
            missing = stillMissing;
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
        redis.close();
    }
}
