package dev.autoloss.jobs.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autoloss.jobs.embedded.FreePort;
import dev.autoloss.jobs.embedded.LocalRedis;
import dev.autoloss.jobs.serve.RedisServerOptions;
import dev.autoloss.jobs.testing.TestCertificates;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisConnectionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Logging in to real, private redis-servers the way a user configures it: TLS with a CA of one's own, a
 * password from a file, a Redis 6 ACL user; and what a refused login says (never the password).
 */
class RedisLoginTest {

    private static final String PASSWORD = "tls-pa55word";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aSnapshotIsPublishedAndReadOverTlsWithThePasswordFromAFileAndTheCaFromAFile() throws Exception {
        TestCertificates certificates = certificates();
        int port = FreePort.find();
        RedisAddress address = options("--redis", "rediss://127.0.0.1:" + port, "--redis-password-file", passwordFile().toString(),
                "--redis-ca-file", certificates.ca().toString()).address();
        try (LocalRedis server = startTls(port, address, certificates)) {
            StoreSettings settings = StoreSettings.defaults("tls");
            byte[] state = RedisSnapshotStoreTest.randomBytes(5000, 1);
            SnapshotPublisher publisher = new SnapshotPublisher(address, settings, "test-job");
            try {
                publisher.offer(SnapshotPayload.full(1, state, Map.of("format", "criteo")));
                assertTrue(publisher.awaitIdle(PATIENCE), "nothing was published over TLS");
                assertEquals(1, publisher.lastPublishedVersion(), "published over TLS");
            } finally {
                publisher.close();
            }
            try (RedisEndpoint redis = RedisEndpoint.connect(address)) {
                AssembledSnapshot latest = new SnapshotReader(redis, settings.keys()).readLatest().orElseThrow();
                assertArrayEquals(state, latest.full().bytes(), "the version read back over TLS");
            }
        }
    }

    @Test
    void aServerCertificateOfACaNotTrustedIsRefusedAndTheErrorSaysHowToTrustIt() throws Exception {
        TestCertificates certificates = certificates();
        int port = FreePort.find();
        RedisAddress trusting = options("--redis", "rediss://127.0.0.1:" + port, "--redis-password-file", passwordFile().toString(),
                "--redis-ca-file", certificates.ca().toString()).address();
        try (LocalRedis server = startTls(port, trusting, certificates)) {
            RedisAddress jvmDefaults = RedisAddress.of("rediss://:" + PASSWORD + "@127.0.0.1:" + port);
            RedisConnectionException error = assertThrows(RedisConnectionException.class, () -> RedisEndpoint.connect(jvmDefaults).close());
            assertTrue(error.getMessage().contains("--redis-ca-file"), "says how to trust the CA: " + error.getMessage());
            assertFalse(error.getMessage().contains(PASSWORD), error.getMessage());

            TestCertificates other = TestCertificates.create(dir.resolve("other-ca"), "another-ca");
            RedisAddress otherCa = options("--redis", "rediss://127.0.0.1:" + port, "--redis-password-file", passwordFile().toString(),
                    "--redis-ca-file", other.ca().toString()).address();
            error = assertThrows(RedisConnectionException.class, () -> RedisEndpoint.connect(otherCa).close());
            assertTrue(error.getMessage().startsWith("cannot connect to Redis at rediss://127.0.0.1:" + port + ": "), error.getMessage());
        }
    }

    @Test
    void anAclUserNamedInTheUriLogsInWithThePasswordFromAFileAndAWrongPasswordIsNotShown() throws Exception {
        assumeTrue(LocalRedis.canStartPrivate(), "skipped: no redis-server on the PATH (apt-get install redis-server)");
        try (LocalRedis server = LocalRedis.startPrivate()) {
            String hostPort = server.address().toString().substring("redis://".length());
            try (RedisEndpoint admin = RedisEndpoint.connect(server.address())) {
                admin.sync().aclSetuser("publisher", AclSetuserArgs.Builder.on().addPassword(PASSWORD)
                        .keyPattern("acl:*").channelPattern("acl:*").allCommands());
            }
            RedisAddress publisher = options("--redis", "redis://publisher@" + hostPort, "--redis-password-file", passwordFile().toString()).address();
            StoreSettings settings = StoreSettings.defaults("acl");
            try (RedisEndpoint redis = RedisEndpoint.connect(publisher)) {
                assertEquals("publisher", redis.sync().aclWhoami(), "logged in as the ACL user");
                new RedisSnapshotStore(redis, settings).publish(SnapshotPayload.full(3, new byte[100], Map.of()));
                assertEquals(3, new SnapshotReader(redis, settings.keys()).latestVersion());
            }

            String wrong = "wr0ng-secret";
            RedisConnectionException error = assertThrows(RedisConnectionException.class,
                    () -> RedisEndpoint.connect(RedisAddress.of("redis://publisher:" + wrong + "@" + hostPort)).close());
            assertTrue(error.getMessage().contains("WRONGPASS"), "says why: " + error.getMessage());
            assertFalse(error.getMessage().contains(wrong), error.getMessage());
            assertTrue(error.getMessage().contains("redis://publisher:***@" + hostPort), error.getMessage());
        }
    }

    private static RedisServerOptions options(String... args) {
        RedisServerOptions options = new RedisServerOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    private Path passwordFile() throws Exception {
        return Files.writeString(dir.resolve("redis-password"), PASSWORD + "\n");
    }

    private TestCertificates certificates() throws Exception {
        assumeTrue(LocalRedis.canStartPrivate(), "skipped: no redis-server on the PATH (apt-get install redis-server)");
        assumeTrue(TestCertificates.canCreate(), "skipped: no openssl on the PATH to make test certificates (apt-get install openssl)");
        return TestCertificates.create(dir.resolve("ca"), "autoloss-test-ca");
    }

    /** A private TLS-only redis-server with a password; skips the test when this redis-server was built without TLS. */
    private static LocalRedis startTls(int port, RedisAddress address, TestCertificates certificates) {
        List<String> settings = new ArrayList<>(certificates.redisTlsSettings(port));
        settings.addAll(List.of("--requirepass", PASSWORD));
        try {
            return LocalRedis.startPrivate(port, address, settings);
        } catch (IllegalStateException e) {
            assumeFalse(e.getMessage().contains("Bad directive"), "skipped: this redis-server was built without TLS: " + e.getMessage());
            throw e;
        }
    }
}
