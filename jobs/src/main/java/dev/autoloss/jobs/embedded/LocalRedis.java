package dev.autoloss.jobs.embedded;

import io.lettuce.core.RedisURI;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis that jobs and commands talk to. In order: a URI given by the caller (e.g. from a command
 * line flag), else the {@code REDIS_URL} environment variable, else the usual local server at
 * {@value #DEFAULT_URI} when it answers PING, else a private {@code redis-server} started from the
 * {@code PATH} on a free port and stopped on {@link #close()} or at JVM exit. A given URI that does not
 * answer PING is an error, not a reason to fall back: the user asked for that server.
 */
public final class LocalRedis implements AutoCloseable {

    public static final String DEFAULT_URI = "redis://127.0.0.1:6379";
    public static final String URI_ENVIRONMENT_VARIABLE = "REDIS_URL";

    private static final String NO_BINARY =
            "no " + RedisServerProcess.BINARY + " on the PATH: install it (Debian/Ubuntu: apt-get install redis-server)";
    private static final Logger LOG = LoggerFactory.getLogger(LocalRedis.class);

    private final String uri;
    private final RedisServerProcess server;
    private final Path directory;

    private LocalRedis(String uri, RedisServerProcess server, Path directory) {
        this.uri = uri;
        this.server = server;
        this.directory = directory;
    }

    /** Resolves from {@code REDIS_URL}, the default local server or a private server, as the class says. */
    public static LocalRedis resolve() {
        return resolve(null);
    }

    /** As {@link #resolve()}, but {@code uri}, when not null or blank, takes precedence over {@code REDIS_URL}. */
    public static LocalRedis resolve(String uri) {
        String given = uri != null && !uri.isBlank() ? uri : System.getenv(URI_ENVIRONMENT_VARIABLE);
        return resolve(given, DEFAULT_URI, System.getenv("PATH"));
    }

    static LocalRedis resolve(String given, String defaultUri, String searchPath) {
        if (given != null && !given.isBlank()) {
            try {
                RedisURI.create(given);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + given + "' is not a Redis URI (redis://HOST:PORT[/DB]): " + e.getMessage(), e);
            }
            if (!RedisPing.answers(given)) {
                throw new IllegalStateException("Redis at " + RedisPing.describe(given) + " does not answer PING");
            }
            return new LocalRedis(given, null, null);
        }
        if (RedisPing.answers(defaultUri)) {
            return new LocalRedis(defaultUri, null, null);
        }
        Path binary = RedisServerProcess.findBinary(searchPath).orElseThrow(() -> new IllegalStateException(
                "no Redis at " + defaultUri + " and " + NO_BINARY + " or set " + URI_ENVIRONMENT_VARIABLE));
        return startPrivate(binary);
    }

    /**
     * Always starts a private {@code redis-server} from the {@code PATH} on a free port, which this
     * object may {@link #stop()} and {@link #restart()}: for tests of a Redis outage.
     */
    public static LocalRedis startPrivate() {
        Path binary = RedisServerProcess.findBinary(System.getenv("PATH")).orElseThrow(() -> new IllegalStateException(NO_BINARY));
        return startPrivate(binary);
    }

    /** Whether a {@code redis-server} binary is on the {@code PATH} (tests that need a private server check this). */
    public static boolean canStartPrivate() {
        return serverBinary().isPresent();
    }

    /** {@code redis-server} on the {@code PATH}, if there is one. */
    public static Optional<Path> serverBinary() {
        return RedisServerProcess.findBinary(System.getenv("PATH"));
    }

    private static LocalRedis startPrivate(Path binary) {
        Path directory = TempDirectories.create("autoloss-redis-");
        RedisServerProcess server = new RedisServerProcess(binary, FreePort.find(), directory);
        try {
            server.start();
        } catch (RuntimeException e) {
            TempDirectories.deleteQuietly(directory);
            throw e;
        }
        LOG.info("started {} at {}", binary, server.uri());
        return new LocalRedis(server.uri(), server, directory);
    }

    /** The URI for Redis clients, e.g. {@code redis://127.0.0.1:6379}. */
    public String uri() {
        return uri;
    }

    /** Whether this object started the server (and so stops it on close). */
    public boolean startedByUs() {
        return server != null;
    }

    /** Takes the private server away (its data is lost), as an outage would; {@link #restart()} brings it back. */
    public void stop() {
        ownServer("stop").stop();
    }

    /** Starts the private server again, empty, on the same port, and returns once it answers PING. */
    public void restart() {
        ownServer("restart").start();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
            TempDirectories.deleteQuietly(directory);
        }
    }

    private RedisServerProcess ownServer(String action) {
        if (server == null) {
            throw new IllegalStateException("cannot " + action + " Redis at " + RedisPing.describe(uri)
                    + ": this process did not start it");
        }
        return server;
    }
}
