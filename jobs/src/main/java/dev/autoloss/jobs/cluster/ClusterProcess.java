package dev.autoloss.jobs.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One OS process of a local cluster, known by its pid and start time: a pid alone may belong to an unrelated
 * process once the original has exited, so a process counts as this one only when both match.
 *
 * @param name            what it is in the cluster: {@code jobmanager}, {@code taskmanager-2}, {@code kafka}, {@code redis}
 * @param startedAtMillis when the OS started it (epoch milliseconds), 0 where the OS does not say
 * @param log             its log file
 * @param out             where its stdout and stderr go (a JVM's own messages, a crash)
 */
public record ClusterProcess(String name, long pid, long startedAtMillis, Path log, Path out) {

    /** How long a process may take to stop on SIGTERM before it gets SIGKILL (Kafka flushes and closes its logs). */
    static final Duration STOP_PATIENCE = Duration.ofSeconds(20);
    private static final Duration KILL_PATIENCE = Duration.ofSeconds(10);
    /** The OS reports start times in clock ticks; two readings of one process agree to well within this. */
    private static final long SAME_START_TOLERANCE_MILLIS = 1000;
    private static final int TAIL_LINES = 5;
    private static final int TAIL_BYTES = 8192;

    /**
     * Starts {@code command} in a session of its own ({@code setsid}, where there is one), so that it outlives
     * this JVM and a Ctrl-C in the terminal that started it; stdin is empty, stdout and stderr go to {@code out}.
     */
    static ClusterProcess launch(String name, List<String> command, Path log, Path out) {
        List<String> line = new ArrayList<>();
        Setsid.BINARY.ifPresent(setsid -> line.add(setsid.toString()));
        line.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        TensorFlowEnvironment.addTo(builder.environment());
        ProcessHandle handle;
        try {
            handle = builder.start().toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
        // setsid execs the command in place (it is not a process group leader), so this pid is the command's
        long started = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return new ClusterProcess(name, handle.pid(), started, log, out);
    }

    /** The live process, if this one still runs. */
    public Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::sameStart);
    }

    public boolean alive() {
        return handle().isPresent();
    }

    /** {@code kill -9}: the process gets no chance to clean up, as in a crash. Returns once it is gone. */
    public void kill() {
        handle().ifPresent(h -> {
            h.destroyForcibly();
            awaitExit(h, KILL_PATIENCE);
        });
    }

    /** SIGTERM, and SIGKILL if it is still there after {@link #STOP_PATIENCE}. Returns once it is gone. */
    public void stop() {
        stopAll(List.of(this));
    }

    /** Stops processes as {@link #stop()} does, all at once rather than one after another. */
    static void stopAll(Collection<ClusterProcess> processes) {
        List<ProcessHandle> running = processes.stream().flatMap(p -> p.handle().stream()).toList();
        running.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_PATIENCE.toNanos();
        for (ProcessHandle h : running) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!awaitExit(h, left)) {
                h.destroyForcibly();
                awaitExit(h, KILL_PATIENCE);
            }
        }
    }

    /** The last lines of its log and output, for a message about why it did not come up. */
    String tail() {
        StringBuilder text = new StringBuilder();
        for (Path file : log.equals(out) ? List.of(log) : List.of(out, log)) {
            List<String> lines = lastLines(file);
            if (!lines.isEmpty()) {
                text.append(text.length() == 0 ? "" : " | ").append(file.getFileName()).append(": ").append(String.join(" | ", lines));
            }
        }
        return text.length() == 0 ? "(nothing logged)" : text.toString();
    }

    private boolean sameStart(ProcessHandle h) {
        return startedAtMillis == 0 || h.info().startInstant()
                .map(t -> Math.abs(t.toEpochMilli() - startedAtMillis) <= SAME_START_TOLERANCE_MILLIS)
                .orElse(true);
    }

    private static boolean awaitExit(ProcessHandle h, Duration patience) {
        try {
            h.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !h.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        }
    }

    private static List<String> lastLines(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            ByteBuffer end = ByteBuffer.allocate((int) Math.min(size, TAIL_BYTES));
            channel.position(size - end.capacity());
            while (end.hasRemaining() && channel.read(end) >= 0) {
                // a log is only appended to: read to the end as it was
            }
            List<String> lines = new String(end.array(), 0, end.position(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank()).toList();
            return lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        } catch (IOException e) {
            return List.of("(unreadable: " + e.getMessage() + ")");
        }
    }

    /** {@code setsid} from util-linux, found once. */
    private static final class Setsid {
        static final Optional<Path> BINARY = find();

        private static Optional<Path> find() {
            String path = System.getenv("PATH");
            if (path == null) {
                return Optional.empty();
            }
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, "setsid");
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        }
    }
}
