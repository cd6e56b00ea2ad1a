package dev.autoloss.jobs.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autoloss.jobs.embedded.FreePort;
import dev.autoloss.jobs.embedded.LocalRedis;
import dev.autoloss.jobs.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The background publisher against a private redis-server that the test stops and restarts. */
class SnapshotPublisherTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    void publishingResumesWithTheNewestStateAfterAnOutage() throws Exception {
        try (LocalRedis server = privateRedis()) {
            StoreSettings settings = StoreSettings.defaults("outage");
            SnapshotPublisher publisher = new SnapshotPublisher(server.address(), settings, "test-job");
            try {
                publisher.offer(SnapshotPayload.full(1, RedisSnapshotStoreTest.randomBytes(1000, 1), Map.of()));
                assertTrue(publisher.awaitIdle(PATIENCE), "version 1 was not published while Redis was up");
                assertEquals(1, publisher.lastPublishedVersion());

                server.stop();
                publisher.offer(SnapshotPayload.full(2, RedisSnapshotStoreTest.randomBytes(1000, 2), Map.of()));
                publisher.offerStatus("{\"step\":2}");
                Thread.sleep(500);
                publisher.offer(SnapshotPayload.full(3, RedisSnapshotStoreTest.randomBytes(1000, 3), Map.of()));
                assertTrue(publisher.publishFailures() > 0, "publishing must have failed while Redis was down");
                assertEquals(1, publisher.lastPublishedVersion(), "nothing can be published while Redis is down");
                assertTrue(publisher.snapshotUnderWay(), "version 3 waits to be retried");

                server.restart();
                assertTrue(publisher.awaitIdle(PATIENCE), "publishing did not resume after Redis came back");
                assertEquals(3, publisher.lastPublishedVersion(), "the newest state is published after the outage");
                assertFalse(publisher.snapshotUnderWay(), "nothing is left to publish");
            } finally {
                publisher.close();
            }
            try (RedisEndpoint redis = RedisEndpoint.connect(server.address())) {
                AssembledSnapshot latest = new SnapshotReader(redis, settings.keys()).readLatest().orElseThrow();
                assertEquals(3, latest.version());
                assertArrayEquals(RedisSnapshotStoreTest.randomBytes(1000, 3), latest.full().bytes());
                assertEquals("{\"step\":2}", new String(redis.sync().get(settings.keys().status()), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aDeltaOnAFullVersionStillWaitingIsWrittenAfterItAndANewerFullVersionReplacesBoth() throws Exception {
        try (LocalRedis server = privateRedis()) {
            StoreSettings settings = StoreSettings.defaults("base");
            SnapshotPublisher publisher = new SnapshotPublisher(server.address(), settings, "test-job");
            try {
                server.stop(); // everything offered now waits (a restarted server is empty)
                publisher.offer(SnapshotPayload.full(1, RedisSnapshotStoreTest.randomBytes(1000, 1), Map.of()));
                assertEquals(1, publisher.deltaBase(), "a delta offered next may name version 1 while it waits");
                publisher.offer(SnapshotPayload.delta(2, 1, RedisSnapshotStoreTest.randomBytes(100, 2), Map.of()));
                publisher.offer(SnapshotPayload.delta(3, 1, RedisSnapshotStoreTest.randomBytes(100, 3), Map.of()));
                server.restart();
                assertTrue(publisher.awaitIdle(PATIENCE), "publishing did not resume after Redis came back");
                assertEquals(0, publisher.refusals(), "the delta's base was written before it");
                assertEquals(3, publisher.lastPublishedVersion());
                try (RedisEndpoint redis = RedisEndpoint.connect(server.address())) {
                    RedisSnapshotStore store = new RedisSnapshotStore(redis, settings);
                    assertEquals(List.of(1L, 3L), store.versions(), "delta 2 was replaced by delta 3 before it was written");
                    AssembledSnapshot latest = new SnapshotReader(redis, settings.keys()).readLatest().orElseThrow();
                    assertArrayEquals(RedisSnapshotStoreTest.randomBytes(1000, 1), latest.full().bytes());
                    assertArrayEquals(RedisSnapshotStoreTest.randomBytes(100, 3), latest.deltas().get(0).bytes());
                }

                server.stop();
                publisher.offer(SnapshotPayload.full(4, RedisSnapshotStoreTest.randomBytes(1000, 4), Map.of()));
                publisher.offer(SnapshotPayload.delta(5, 4, RedisSnapshotStoreTest.randomBytes(100, 5), Map.of()));
                publisher.offer(SnapshotPayload.full(6, RedisSnapshotStoreTest.randomBytes(1000, 6), Map.of()));
                server.restart();
                assertTrue(publisher.awaitIdle(PATIENCE));
                assertEquals(6, publisher.lastPublishedVersion());
                assertEquals(6, publisher.deltaBase());
                try (RedisEndpoint redis = RedisEndpoint.connect(server.address())) {
                    assertEquals(List.of(6L), new RedisSnapshotStore(redis, settings).versions(), "full version 6 replaced 4 and its delta (the restart lost 1 and 3)");
                }
            } finally {
                publisher.close();
            }
        }
    }

    @Test
    void versionCounterLearnsTheStoresLatestSoItNeverFallsBehind() throws Exception {
        try (LocalRedis server = privateRedis()) {
            StoreSettings settings = StoreSettings.defaults("counter");
            try (RedisEndpoint redis = RedisEndpoint.connect(server.address())) {
                new RedisSnapshotStore(redis, settings).publish(SnapshotPayload.full(7, new byte[10], Map.of()));
            }
            SnapshotPublisher restarted = new SnapshotPublisher(server.address(), settings, "test-job");
            try {
                restarted.offer(SnapshotPayload.full(2, new byte[10], Map.of()));
                assertTrue(restarted.awaitIdle(PATIENCE));
                assertEquals(1, restarted.refusals(), "version 2 after 7 must be refused");
                assertEquals(7, restarted.storeLatest(), "the publisher reports the store's latest version for the next number");
            } finally {
                restarted.close();
            }
        }
    }

    @Test
    void whileRedisIsDownTheLogNamesItsAddressButNeverItsPassword() throws Exception {
        String secret = "publ1sh-s3cret";
        RedisAddress nobody = RedisAddress.of("redis://:" + secret + "@127.0.0.1:" + FreePort.find());
        String log;
        try (LogCapture capture = new LogCapture()) {
            SnapshotPublisher publisher = new SnapshotPublisher(nobody, StoreSettings.defaults("down"), "test-job");
            try {
                publisher.offer(SnapshotPayload.full(1, new byte[10], Map.of()));
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (!capture.text().contains("cannot publish") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            } finally {
                publisher.close();
            }
            log = capture.text();
        }
        assertTrue(log.contains("cannot publish to Redis at redis://:***@127.0.0.1:"), "the publisher says where it cannot publish: " + log);
        assertFalse(log.contains(secret), "the password is in the log: " + log);
    }

    private static LocalRedis privateRedis() {
        assumeTrue(LocalRedis.canStartPrivate(), "skipped: no redis-server on the PATH to start a private Redis (apt-get install redis-server)");
        return LocalRedis.startPrivate();
    }
}
