package dev.autoloss.jobs.serve;

import dev.autoloss.jobs.snapshot.RedisEndpoint;
import io.lettuce.core.RedisFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes each scored batch's records to Redis as it comes, in one network write, without waiting for the
 * answers; at each checkpoint and at the end of input it waits until Redis has acknowledged them all, so
 * a completed checkpoint means stored predictions (at least once; a replayed request rewrites its key).
 */
final class PredictionSink implements Sink<List<PredictionRecord>> {

    /** Writes in flight before the writer waits for them (bounds memory when Redis is slower than scoring). */
    static final int MAX_IN_FLIGHT = 1000;

    private final RedisOptions redis;
    private final Duration ttl;

    PredictionSink(RedisOptions redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    @Override
    public SinkWriter<List<PredictionRecord>> createWriter(WriterInitContext context) {
        RedisEndpoint connection = RedisEndpoint.connect(redis.address());
        return new Writer(connection, new PredictionStore(connection, redis.predictionKeys()), ttl);
    }

    private static final class Writer implements SinkWriter<List<PredictionRecord>> {
        private final RedisEndpoint connection;
        private final PredictionStore store;
        private final Duration ttl;
        private final List<RedisFuture<String>> inFlight = new ArrayList<>();

        Writer(RedisEndpoint connection, PredictionStore store, Duration ttl) {
            this.connection = connection;
            this.store = store;
            this.ttl = ttl;
        }

        @Override
        public void write(List<PredictionRecord> batch, Context context) {
            inFlight.addAll(store.sendAll(batch, ttl));
            if (inFlight.size() >= MAX_IN_FLIGHT) {
                flush(false);
            }
        }

        @Override
        public void flush(boolean endOfInput) {
            store.await(inFlight);
            inFlight.clear();
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
