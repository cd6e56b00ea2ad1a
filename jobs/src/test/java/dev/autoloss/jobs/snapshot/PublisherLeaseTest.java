package dev.autoloss.jobs.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.testing.LogCapture;
import dev.autoloss.jobs.testing.RedisPrefix;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One train job publishes under a prefix at a time (the shared Redis on 127.0.0.1:6379). */
class PublisherLeaseTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    void aSecondJobsPublisherWaitsWhileTheFirstHoldsTheLeaseAndPublishesOnceItIsGiven() throws Exception {
        try (RedisPrefix prefix = RedisPrefix.onSharedRedis(); RedisEndpoint redis = RedisEndpoint.connect(RedisPrefix.SHARED_ADDRESS);
             LogCapture log = new LogCapture()) {
            StoreSettings settings = StoreSettings.defaults(prefix.prefix());
            SnapshotPublisher first = new SnapshotPublisher(RedisPrefix.SHARED_ADDRESS, settings, "job-a");
            SnapshotPublisher second = null;
            try {
                first.offer(SnapshotPayload.full(1, new byte[10], Map.of()));
                assertTrue(first.awaitIdle(PATIENCE), "job-a publishes while it holds the lease");
                assertEquals(Optional.of("job-a"), PublisherLease.holder(redis, settings.keys()));

                second = new SnapshotPublisher(RedisPrefix.SHARED_ADDRESS, settings, "job-b"); // a second job under the same prefix
                second.offer(SnapshotPayload.full(2, new byte[10], Map.of()));
                second.offerStatus("{\"job\":\"b\"}");
                assertTrue(!second.awaitIdle(Duration.ofMillis(1500)), "job-b's version waits while job-a holds the lease");
                assertEquals(1, new RedisSnapshotStore(redis, settings).latestVersion());
                assertTrue(log.text().contains("train job job-a publishes under Redis prefix " + prefix.prefix()), log.text());

                first.close(); // gives the lease up
                assertTrue(second.awaitIdle(PATIENCE), "job-b publishes once the lease is free");
                assertEquals(2, new RedisSnapshotStore(redis, settings).latestVersion());
                assertEquals(Optional.of("job-b"), PublisherLease.holder(redis, settings.keys()));
            } finally {
                first.close();
                if (second != null) {
                    second.close();
                }
            }
            assertEquals(Optional.empty(), PublisherLease.holder(redis, settings.keys()), "a closed publisher leaves no lease behind");
        }
    }

    @Test
    void aJobAboutToStartWaitsForTheLeaseOfADeadJobButRefusesBesideALiveOne() throws Exception {
        try (RedisPrefix prefix = RedisPrefix.onSharedRedis(); RedisEndpoint redis = RedisEndpoint.connect(RedisPrefix.SHARED_ADDRESS)) {
            SnapshotKeys keys = new SnapshotKeys(prefix.prefix());
            // what a job killed with -9 leaves: a lease nobody renews
            redis.sync().set(keys.publisherLease(), "dead-job".getBytes(StandardCharsets.UTF_8), SetArgs.Builder.px(1_000));
            long started = System.nanoTime();
            PublisherLease.awaitFree(redis, keys);
            assertTrue(System.nanoTime() - started >= 500_000_000L, "it waited for the dead job's lease to expire");

            try (PublisherLease live = new PublisherLease(RedisPrefix.SHARED_ADDRESS, keys, "live-job")) {
                while (PublisherLease.holder(redis, keys).isEmpty()) {
                    Thread.sleep(20);
                }
                IllegalStateException refused = assertThrows(IllegalStateException.class, () -> PublisherLease.awaitFree(redis, keys));
                assertTrue(refused.getMessage().startsWith("train job live-job is publishing under Redis prefix '" + prefix.prefix() + "'"),
                        refused.getMessage());
            }
        }
    }
}
