package dev.autoloss.jobs.embedded;

import dev.autoloss.jobs.serve.RedisServerOptions;
import dev.autoloss.jobs.snapshot.RedisAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis that the demo and the benchmarks talk to: the address the user named (flag or environment,
 * see {@link RedisServerOptions}), which must answer PING; else the default address when a server answers
 * there; else a private {@code redis-server} started from the {@code PATH} on a free port and stopped on
 * {@link #close()} or at JVM exit. A named address that does not answer is an error, not a reason to fall
 * back: the user asked for that server.
 */
public final class LocalRedis implements AutoCloseable {

    private static final String NO_BINARY =
            "no " + RedisServerProcess.BINARY + " on the PATH: install it (Debian/Ubuntu: apt-get install redis-server)";
    private static final Logger LOG = LoggerFactory.getLogger(LocalRedis.class);

    private final RedisAddress address;
    private final RedisServerProcess server;
    private final Path directory;

    private LocalRedis(RedisAddress address, RedisServerProcess server, Path directory) {
        this.address = address;
        this.server = server;
        this.directory = directory;
    }

    /** The Redis of {@code options}: the named one, or the default one or a private one when none was named. */
    public static LocalRedis resolve(RedisServerOptions options) {
        return resolve(options.address(), options.named(), System.getenv("PATH"));
    }

    static LocalRedis resolve(RedisAddress address, boolean named, String searchPath) {
        if (RedisPing.answers(address)) {
            return new LocalRedis(address, null, null);
        }
        if (named) {
            throw new IllegalStateException("Redis at " + address + " does not answer PING");
        }
        Path binary = RedisServerProcess.findBinary(searchPath).orElseThrow(() -> new IllegalStateException(
                "no Redis at " + address + " and " + NO_BINARY + " or name one with --redis or $" + RedisServerOptions.URL_VARIABLE));
        int port = FreePort.find();
        return startPrivate(binary, port, RedisServerProcess.plainAddress(port), List.of());
    }

    /**
     * Always starts a private {@code redis-server} from the {@code PATH} on a free port, which this
     * object may {@link #stop()} and {@link #restart()}: for tests of a Redis outage.
     */
    public static LocalRedis startPrivate() {
        int port = FreePort.find();
        return startPrivate(port, RedisServerProcess.plainAddress(port), List.of());
    }

    /**
     * A private {@code redis-server} on {@code port} with further {@code settings} (e.g. {@code --requirepass},
     * TLS), which {@code address} reaches: for tests of passwords, ACL users and TLS.
     */
    public static LocalRedis startPrivate(int port, RedisAddress address, List<String> settings) {
        Path binary = RedisServerProcess.findBinary(System.getenv("PATH")).orElseThrow(() -> new IllegalStateException(NO_BINARY));
        return startPrivate(binary, port, address, settings);
    }

    /** Whether a {@code redis-server} binary is on the {@code PATH} (tests that need a private server check this). */
    public static boolean canStartPrivate() {
        return serverBinary().isPresent();
    }

    /** {@code redis-server} on the {@code PATH}, if there is one. */
    public static Optional<Path> serverBinary() {
        return RedisServerProcess.findBinary(System.getenv("PATH"));
    }

    private static LocalRedis startPrivate(Path binary, int port, RedisAddress address, List<String> settings) {
        Path directory = TempDirectories.create("autoloss-redis-");
        RedisServerProcess server = new RedisServerProcess(binary, port, directory, address, settings);
        try {
            server.start();
        } catch (RuntimeException e) {
            TempDirectories.deleteQuietly(directory);
            throw e;
        }
        LOG.info("started {} at {}", binary, address);
        return new LocalRedis(address, server, directory);
    }

    /** Where this Redis is and how to log in to it (its toString never shows a password). */
    public RedisAddress address() {
        return address;
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
            throw new IllegalStateException("cannot " + action + " Redis at " + address
                    + ": this process did not start it");
        }
        return server;
    }
}
