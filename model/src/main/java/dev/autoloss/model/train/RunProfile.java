package dev.autoloss.model.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunOptions;

/**
 * Where a trainer's time goes, per kind of session run: the wall time of preparing a run in Java (encoding the
 * batch, building its tensors) and of the run itself, and, from TensorFlow's trace of one run in
 * {@link #TRACE_EVERY}, each op type's time. Tracing slows a run, so traced runs are left out of the wall times.
 * Op times are summed over TensorFlow's threads: they add up to more than the run's wall time when ops run side
 * by side.
 */
public final class RunProfile {

    public static final int TRACE_EVERY = 10;
    private static final RunOptions TRACED = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();

    /** The session runs a trainer profiles. */
    public enum Kind {
        TRAINING_STEP, CONTROLLER_STEP;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** One op type's time in a traced run, on average, and its share of all the run's op time. */
    public record OpTime(String op, double millisPerRun, double share) {}

    /**
     * One kind's figures.
     *
     * @param runs          runs timed (untraced)
     * @param prepareMillis mean Java time before a run: encoding its batches, building its tensors
     * @param runMillis     mean wall time of a run
     * @param tracedRuns    runs traced for the op times
     * @param opMillis      mean op time of a traced run, summed over threads
     * @param ops           the op types with the most time, most first
     */
    public record Figures(String kind, long runs, double prepareMillis, double runMillis, long tracedRuns, double opMillis, List<OpTime> ops) {}

    private static final class Totals {
        long runs;
        long prepareNanos;
        long runNanos;
        long traced;
        final Map<String, Long> opMicros = new HashMap<>();
    }

    private final Map<Kind, Totals> totals = new EnumMap<>(Kind.class);

    /** Runs {@code runner}, prepared since {@code preparedSince} ({@link System#nanoTime()}), and counts it under {@code kind}. */
    Result run(Kind kind, Session.Runner runner, long preparedSince) {
        Totals t = totals.computeIfAbsent(kind, k -> new Totals());
        if ((t.runs + t.traced) % TRACE_EVERY == TRACE_EVERY - 1) {
            Result result = runner.setOptions(TRACED).runAndFetchMetadata();
            t.traced++;
            result.getMetadata().ifPresent(m -> m.getStepStats().getDevStatsList().forEach(device -> add(t, device)));
            return result;
        }
        long started = System.nanoTime();
        Result result = runner.run();
        t.runs++;
        t.prepareNanos += started - preparedSince;
        t.runNanos += System.nanoTime() - started;
        return result;
    }

    private static void add(Totals t, DeviceStepStats device) {
        for (NodeExecStats node : device.getNodeStatsList()) {
            t.opMicros.merge(opType(node), node.getAllEndRelMicros(), Long::sum);
        }
    }

    /** The op type from a timeline label such as {@code "Gradients/MatMul_5 = MatMul(a, b)"}; else the node's name. */
    static String opType(NodeExecStats node) {
        String label = node.getTimelineLabel();
        int equals = label.indexOf(" = ");
        int paren = equals < 0 ? -1 : label.indexOf('(', equals);
        return paren > equals + 3 ? label.substring(equals + 3, paren) : node.getNodeName();
    }

    /** Each kind's figures so far, with its {@code topOps} op types with the most time. */
    public List<Figures> figures(int topOps) {
        List<Figures> out = new ArrayList<>();
        totals.forEach((kind, t) -> {
            long opMicros = t.opMicros.values().stream().mapToLong(Long::longValue).sum();
            List<OpTime> ops = t.opMicros.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                    .limit(topOps)
                    .map(e -> new OpTime(e.getKey(), e.getValue() / 1e3 / t.traced, (double) e.getValue() / opMicros))
                    .toList();
            out.add(new Figures(kind.label(), t.runs, perRun(t.prepareNanos, t.runs), perRun(t.runNanos, t.runs), t.traced,
                    t.traced == 0 ? Double.NaN : opMicros / 1e3 / t.traced, ops));
        });
        return out;
    }

    private static double perRun(long nanos, long runs) {
        return runs == 0 ? Double.NaN : nanos / 1e6 / runs;
    }
}
