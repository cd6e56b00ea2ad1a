package dev.autoloss.jobs.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.snapshot.RedisAddress;
import io.lettuce.core.RedisCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where the Redis address, password and CA come from, in which order, and what a bad file says. */
class RedisServerOptionsTest {

    private static final Map<String, String> NO_ENVIRONMENT = Map.of();

    @TempDir
    Path dir;

    @Test
    void theAddressComesFromTheFlagElseTheEnvironmentElseTheDefault() {
        Map<String, String> environment = Map.of("REDIS_URL", "redis://env-host:6390");
        assertEquals("redis://flag-host:6391", parse("--redis", "redis://flag-host:6391").resolve(environment).toString());
        assertEquals("redis://env-host:6390", parse().resolve(environment).toString());
        assertEquals(RedisServerOptions.DEFAULT_URI, parse().resolve(NO_ENVIRONMENT).toString());
    }

    @Test
    void thePasswordFileComesFirstThenTheFlagsUriThenTheEnvironment() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "from-file\nsecond line ignored\n");
        Map<String, String> environment = Map.of("REDIS_URL", "redis://:from-env-url@env-host:6390", "REDIS_PASSWORD", "from-env");

        assertEquals("from-file", password(parse("--redis-password-file", file.toString(), "--redis", "redis://:from-flag@h:1"), environment));
        assertEquals("from-flag", password(parse("--redis", "redis://:from-flag@h:1"), environment));
        assertEquals("from-env", password(parse("--redis", "redis://h:1"), environment));
        assertEquals("from-env", password(parse(), environment), "REDIS_PASSWORD beats the one inside REDIS_URL");
        assertEquals("from-env-url", password(parse(), Map.of("REDIS_URL", "redis://:from-env-url@env-host:6390")));
        assertNull(password(parse(), NO_ENVIRONMENT));
    }

    @Test
    void aMissingPasswordFileIsOneLineNamingTheFlagAndTheFile() {
        Path missing = dir.resolve("no-such-file");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> parse("--redis-password-file", missing.toString()).resolve(NO_ENVIRONMENT));
        assertEquals("--redis-password-file " + missing + ": no such file", error.getMessage());
    }

    @Test
    void anEmptyPasswordFileOrACaFileWithoutCertificateIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--redis-password-file", empty.toString()).resolve(NO_ENVIRONMENT))
                .getMessage().contains("first line is empty"));
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        String error = assertThrows(IllegalArgumentException.class, () -> parse().resolve(Map.of("REDIS_CA_FILE", notPem.toString()))).getMessage();
        assertTrue(error.startsWith("$REDIS_CA_FILE " + notPem + ": no PEM certificate"), error);
    }

    @Test
    void aBadUriIsNamedByWhereItCameFromWithoutItsPassword() {
        String error = assertThrows(IllegalArgumentException.class,
                () -> parse().resolve(Map.of("REDIS_URL", "redis://:pass word@h:1"))).getMessage();
        assertTrue(error.startsWith("$REDIS_URL: not a Redis URI"), error);
        assertFalse(error.contains("pass word"), error);
    }

    @Test
    void helpShowsNoDefaultTakenFromTheEnvironment() {
        String help = new CommandLine(new RedisOptions()).getUsageMessage();
        assertTrue(help.contains("--redis-password-file") && help.contains("--redis-ca-file") && help.contains("$REDIS_URL"), help);
    }

    private static RedisServerOptions parse(String... args) {
        RedisServerOptions options = new RedisServerOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    private static String password(RedisServerOptions options, Map<String, String> environment) {
        RedisAddress address = options.resolve(environment);
        if (address.redisUri().getCredentialsProvider() == null) {
            return null;
        }
        RedisCredentials credentials = address.redisUri().getCredentialsProvider().resolveCredentials().block();
        return credentials == null || !credentials.hasPassword() ? null : new String(credentials.getPassword());
    }
}
