package dev.autoloss.jobs.serve;

import dev.autoloss.jobs.snapshot.RedisAddress;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which Redis server, and how to log in to it: a mixin of every command and job that talks to Redis, so that
 * each flag and environment variable is declared once. Flags come before the environment:
 * <ul>
 * <li>address: {@code --redis}, else {@code $REDIS_URL}, else {@value #DEFAULT_URI};</li>
 * <li>password: {@code --redis-password-file}, else one in {@code --redis}, else {@code $REDIS_PASSWORD},
 *     else one in {@code $REDIS_URL};</li>
 * <li>CA certificates for {@code rediss://}: {@code --redis-ca-file}, else {@code $REDIS_CA_FILE}, else the JVM's
 *     trust store (the server's certificate and host name are always verified).</li>
 * </ul>
 * They are resolved once, where the command runs (the files and the environment are read there, e.g. on the
 * Flink client); the resolved {@link RedisAddress}, password and certificates included, then travels with the
 * job to the TaskManagers inside its serialized operators.
 */
public final class RedisServerOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_URI = "redis://127.0.0.1:6379";
    public static final String URL_VARIABLE = "REDIS_URL";
    public static final String PASSWORD_VARIABLE = "REDIS_PASSWORD";
    public static final String CA_FILE_VARIABLE = "REDIS_CA_FILE";

    @Option(names = "--redis", paramLabel = "URI",
            description = "Redis: redis://[[user:]password@]host:port[/db], rediss:// for TLS; a password here shows in process listings,"
                    + " give it with --redis-password-file or $" + PASSWORD_VARIABLE + " instead (default: $" + URL_VARIABLE + ", else " + DEFAULT_URI + ")")
    String uri;

    @Option(names = "--redis-password-file", paramLabel = "FILE",
            description = "read the Redis password from the first line of FILE; with it, redis://user@host names a Redis 6 ACL user"
                    + " (default: $" + PASSWORD_VARIABLE + ", else the URI's)")
    File passwordFile;

    @Option(names = "--redis-ca-file", paramLabel = "FILE",
            description = "PEM certificates of the CA that signed the Redis server's TLS certificate (default: $" + CA_FILE_VARIABLE
                    + ", else the JVM's trusted CAs)")
    File caFile;

    private RedisAddress address; // resolved where the command runs, then carried with the job

    /** The Redis to use, resolved on first call from the flags and the environment; errors name the flag or variable. */
    public RedisAddress address() {
        if (address == null) {
            address = resolve(System.getenv());
        }
        return address;
    }

    /** Whether a Redis was named, by {@code --redis} or {@code $REDIS_URL}, rather than left to the default. */
    public boolean named() {
        return uri != null || present(System.getenv(URL_VARIABLE));
    }

    /** Uses {@code redis} instead of what the flags and environment say (the demo's and the benchmarks' own server). */
    public void use(RedisAddress redis) {
        this.address = redis;
    }

    RedisAddress resolve(Map<String, String> environment) {
        String fromEnvironment = environment.get(URL_VARIABLE);
        String source = uri != null ? "--redis" : present(fromEnvironment) ? "$" + URL_VARIABLE : null;
        RedisAddress resolved;
        try {
            resolved = RedisAddress.of(uri != null ? uri : source != null ? fromEnvironment : DEFAULT_URI);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        String password = passwordFile != null ? firstLine(passwordFile)
                : uri != null && resolved.uriHasPassword() ? null
                : present(environment.get(PASSWORD_VARIABLE)) ? environment.get(PASSWORD_VARIABLE) : null;
        if (password != null) {
            resolved = resolved.withPassword(password);
        }
        if (caFile != null) {
            resolved = withCa(resolved, caFile, "--redis-ca-file");
        } else if (present(environment.get(CA_FILE_VARIABLE))) {
            resolved = withCa(resolved, new File(environment.get(CA_FILE_VARIABLE)), "$" + CA_FILE_VARIABLE);
        }
        return resolved;
    }

    private static String firstLine(File file) {
        String line;
        try (BufferedReader reader = Files.newBufferedReader(file.toPath(), StandardCharsets.UTF_8)) {
            line = reader.readLine();
        } catch (IOException e) {
            throw unreadable("--redis-password-file", file, e);
        }
        if (line == null || line.isEmpty()) {
            throw new IllegalArgumentException("--redis-password-file " + file + ": its first line is empty, expected the password");
        }
        return line;
    }

    private static RedisAddress withCa(RedisAddress address, File file, String origin) {
        byte[] pem;
        try {
            pem = Files.readAllBytes(file.toPath());
        } catch (IOException e) {
            throw unreadable(origin, file, e);
        }
        try {
            if (CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).isEmpty()) {
                throw new CertificateException("no certificate");
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException(origin + " " + file + ": no PEM certificate in it (" + e.getMessage() + ")");
        }
        return address.withCaCertificates(file.toString(), pem);
    }

    private static IllegalArgumentException unreadable(String origin, File file, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied" : "cannot read it (" + e.getMessage() + ")";
        return new IllegalArgumentException(origin + " " + file + ": " + why, e);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
