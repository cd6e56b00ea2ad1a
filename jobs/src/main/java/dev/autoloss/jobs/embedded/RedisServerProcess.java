package dev.autoloss.jobs.embedded;

import dev.autoloss.jobs.snapshot.RedisAddress;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} child process of this JVM on a fixed port of 127.0.0.1, without persistence
 * (a restart comes back empty), with any further settings (TLS, a password) and the address that reaches it. It can be stopped and started again on the same port, which is how
 * outage tests take Redis away from a running job. If the JVM exits while it runs, a shutdown hook stops
 * it and deletes its directory.
 */
final class RedisServerProcess {

    static final String BINARY = "redis-server";
    private static final Duration START_PATIENCE = Duration.ofSeconds(10);
    private static final Duration PING_PATIENCE = Duration.ofMillis(250);
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(5);

    private final Path binary;
    private final int port;
    private final Path directory;
    private final RedisAddress address;
    private final List<String> settings;
    private Process process;
    private Thread shutdownHook;

    /** {@code settings} are further command-line settings, e.g. {@code --requirepass pw}; {@code address} must reach the server with them. */
    RedisServerProcess(Path binary, int port, Path directory, RedisAddress address, List<String> settings) {
        this.binary = binary;
        this.port = port;
        this.directory = directory;
        this.address = address;
        this.settings = List.copyOf(settings);
    }

    /** The plain {@code redis://127.0.0.1:PORT} of a server without further settings. */
    static RedisAddress plainAddress(int port) {
        return RedisAddress.of("redis://127.0.0.1:" + port);
    }

    /** {@code redis-server} on the given search path ({@code PATH}'s syntax), if there is one. */
    static Optional<Path> findBinary(String searchPath) {
        if (searchPath == null) {
            return Optional.empty();
        }
        for (String entry : searchPath.split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, BINARY);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    RedisAddress address() {
        return address;
    }

    int port() {
        return port;
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** Starts the server and returns once it answers PING. */
    synchronized void start() {
        if (running()) {
            throw new IllegalStateException("redis-server on port " + port + " is already running");
        }
        Path log = directory.resolve("redis.log");
        try {
            List<String> command = new ArrayList<>(List.of(binary.toString(),
                    "--port", String.valueOf(port),
                    "--bind", "127.0.0.1",
                    "--save", "",
                    "--appendonly", "no",
                    "--dir", directory.toString(),
                    "--daemonize", "no"));
            command.addAll(settings); // a later setting replaces an earlier one (e.g. --port 0 with --tls-port)
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + binary, e);
        }
        shutdownHook = new Thread(() -> {
            destroy();
            TempDirectories.deleteQuietly(directory);
        }, "stop redis-server on port " + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long deadline = System.nanoTime() + START_PATIENCE.toNanos();
        while (!RedisPing.answersWithin(address, PING_PATIENCE)) {
            if (!process.isAlive() || System.nanoTime() > deadline) { // a setting it refused stops it at once
                String why = process.isAlive() ? "did not answer PING within " + START_PATIENCE.toSeconds() + " s" : "exited";
                stop();
                throw new IllegalStateException(binary + " on port " + port + " " + why + "; its log ends: " + lastLines(log));
            }
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL if it lingers) and waits for it to exit. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing left to unregister
        }
        process = null;
        shutdownHook = null;
    }

    private void destroy() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
