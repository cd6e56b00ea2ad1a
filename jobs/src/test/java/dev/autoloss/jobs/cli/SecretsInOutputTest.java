package dev.autoloss.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autoloss.jobs.embedded.FreePort;
import dev.autoloss.jobs.embedded.LocalRedis;
import dev.autoloss.jobs.snapshot.RedisAddress;
import dev.autoloss.jobs.snapshot.RedisEndpoint;
import dev.autoloss.jobs.snapshot.RedisSnapshotStore;
import dev.autoloss.jobs.snapshot.SnapshotPayload;
import dev.autoloss.jobs.snapshot.StoreSettings;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The Redis password reaches the commands from a file or the environment, and never shows in what they print. */
class SecretsInOutputTest {

    private static final String SECRET = "cl1-s3cret";
    private static final String PREFIX = "secrets";

    @TempDir
    Path dir;

    @Test
    void statusReadsAServerWithThePasswordFromAFileAndPrintsNoPassword() throws Exception {
        int port = FreePort.find();
        try (LocalRedis server = passwordServer(port)) {
            String plain = "redis://127.0.0.1:" + port;
            Path passwordFile = Files.writeString(dir.resolve("pw"), SECRET + "\n");

            CliRun report = CliRun.of("status", "--redis", plain, "--redis-password-file", passwordFile.toString(), "--redis-prefix", PREFIX);
            assertEquals(0, report.exitCode(), report.err());
            assertTrue(report.out().contains("model at " + plain + " prefix " + PREFIX + ": latest version 1"), report.out());
            assertNoSecret(report);

            CliRun json = CliRun.of("status", "--json", "--redis", "redis://:" + SECRET + "@127.0.0.1:" + port, "--redis-prefix", PREFIX);
            assertEquals(0, json.exitCode(), json.err());
            assertTrue(json.out().contains("\"eventsTrained\":400"), json.out());
            assertNoSecret(json);
        }
    }

    @Test
    void aRefusedLoginIsOneLineNamingTheServerWithoutThePassword() throws Exception {
        int port = FreePort.find();
        try (LocalRedis server = passwordServer(port)) {
            CliRun run = CliRun.of("query", "r-1", "--redis", "redis://:wr0ng-" + SECRET + "@127.0.0.1:" + port);
            assertEquals(OneLineErrors.FAILED, run.exitCode());
            assertEquals("autoloss: cannot connect to Redis at redis://:***@127.0.0.1:" + port
                    + ": WRONGPASS invalid username-password pair or user is disabled.", run.err().strip());
            assertNoSecret(run);

            CliRun missing = CliRun.of("status", "--redis-password-file", dir.resolve("absent").toString());
            assertEquals("autoloss: --redis-password-file " + dir.resolve("absent") + ": no such file", missing.err().strip());
        }
    }

    @Test
    void noCommandsHelpShowsTheSecretsOfItsEnvironment() throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), EveryHelp.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("REDIS_URL", "redis://:" + SECRET + "@127.0.0.1:6379");
        builder.environment().put("REDIS_PASSWORD", SECRET);
        Process process = builder.start();
        String help = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, help);
        for (String name : List.of("autoloss train", "autoloss score", "autoloss status", "autoloss query", "autoloss predict",
                "autoloss demo", "autoloss bench stream", "autoloss bench serve")) {
            assertTrue(help.contains("Usage: " + name + " "), "no help of " + name + ":\n" + help);
        }
        assertTrue(help.contains("--redis-password-file"), help);
        assertFalse(help.contains(SECRET), "a secret of the environment shows in --help:\n" + help);
    }

    /** Prints the help of every command, as {@code --help} would, in a JVM with the environment under test. */
    public static final class EveryHelp {
        public static void main(String[] args) {
            PrintWriter out = new PrintWriter(System.out, true);
            print(AutolossCli.newCommandLine(), out);
        }

        private static void print(CommandLine command, PrintWriter out) {
            command.usage(out);
            command.getSubcommands().values().forEach(sub -> print(sub, out));
        }
    }

    /** A private redis-server on {@code port} that requires the password, holding a version and a status record. */
    private static LocalRedis passwordServer(int port) {
        assumeTrue(LocalRedis.canStartPrivate(), "skipped: no redis-server on the PATH (apt-get install redis-server)");
        LocalRedis server = LocalRedis.startPrivate(port, RedisAddress.of("redis://127.0.0.1:" + port).withPassword(SECRET),
                List.of("--requirepass", SECRET));
        try (RedisEndpoint redis = RedisEndpoint.connect(server.address())) {
            RedisSnapshotStore store = new RedisSnapshotStore(redis, StoreSettings.defaults(PREFIX));
            store.publish(SnapshotPayload.full(1, new byte[100], Map.of()));
            long now = System.currentTimeMillis();
            store.writeStatus(String.format(ServeCommandsTest.STATUS, now, now));
        }
        return server;
    }

    private static void assertNoSecret(CliRun run) {
        assertFalse(run.out().contains(SECRET) || run.err().contains(SECRET), "the password shows:\n" + run.out() + run.err());
    }
}
