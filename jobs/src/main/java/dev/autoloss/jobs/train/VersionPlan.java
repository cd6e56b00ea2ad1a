package dev.autoloss.jobs.train;

import dev.autoloss.jobs.snapshot.SnapshotPayload;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Which checkpoints become published versions, and what each version is: a full snapshot every N-th
 * version, otherwise a delta (the table rows changed since a full snapshot, plus the dense weights) on
 * the newest full version the publisher holds (committed, or still being written ahead of the delta),
 * so a reader can always assemble it. A run starts with a base version of the state it starts from
 * ({@link #base}), so that its first versions are deltas too; without one (the base was refused, or Redis
 * lost it) the next version is full.
 */
final class VersionPlan {

    /** Full versions remembered with their trainer step (older ones are no longer a delta's base). */
    private static final int REMEMBERED_FULLS = 8;
    private static final long NONE = Long.MIN_VALUE;

    private final int publishEvery;
    private final long publishEverySteps;
    private final long publishIntervalMillis;
    private final int fullEvery;
    private final NavigableMap<Long, Long> fullStepByVersion = new TreeMap<>();
    private int checkpointsSinceVersion;
    private int deltasSinceFull;
    private long lastVersionMillis = NONE;

    /**
     * A checkpoint with a new trainer step makes a version when all three hold since the last version:
     *
     * @param publishEvery          this many checkpoints (that have a new trainer step)
     * @param publishEverySteps     this many DRS steps
     * @param publishIntervalMillis this much time
     * @param fullEvery             every this many versions is full
     */
    VersionPlan(int publishEvery, long publishEverySteps, long publishIntervalMillis, int fullEvery) {
        this.publishEvery = publishEvery;
        this.publishEverySteps = publishEverySteps;
        this.publishIntervalMillis = publishIntervalMillis;
        this.fullEvery = fullEvery;
    }

    /**
     * Whether the checkpoint being taken at trainer step {@code step}, at {@code nowMillis}, makes a version. While
     * the publisher holds no full version of this run to base a delta on (the first one still waits for its
     * checkpoint), a version would be full too: none is made while an earlier one is under way, so that a full
     * version is not followed by more, each saved on the training thread and written to Redis.
     *
     * @param deltaBase       the full version a delta may name as its base (0 for none)
     * @param versionUnderWay whether a version made earlier still waits for its checkpoint or is being published
     */
    boolean due(long step, long lastVersionStep, long nowMillis, long deltaBase, boolean versionUnderWay) {
        if (versionUnderWay && !fullStepByVersion.containsKey(deltaBase)) {
            return false;
        }
        if (step <= lastVersionStep || ++checkpointsSinceVersion < publishEvery || step - lastVersionStep < publishEverySteps
                || (lastVersionMillis != NONE && nowMillis - lastVersionMillis < publishIntervalMillis)) {
            return false;
        }
        lastVersionMillis = nowMillis;
        return true;
    }

    /**
     * The version's payload.
     *
     * @param deltaBase     the full version a delta may name as its base (0 for none)
     * @param fullState     the trainer's full state, taken when the version is full
     * @param deltaSince    the trainer's delta since a given step
     */
    SnapshotPayload payload(long version, long step, long deltaBase, Supplier<byte[]> fullState, LongFunction<byte[]> deltaSince,
                            Map<String, String> meta) {
        checkpointsSinceVersion = 0;
        Long baseStep = fullStepByVersion.get(deltaBase);
        if (baseStep == null || deltasSinceFull + 1 >= fullEvery) {
            remember(version, step);
            return SnapshotPayload.full(version, fullState.get(), meta);
        }
        deltasSinceFull++;
        Map<String, String> deltaMeta = new LinkedHashMap<>(meta);
        deltaMeta.put("baseStep", Long.toString(baseStep));
        return SnapshotPayload.delta(version, deltaBase, deltaSince.apply(baseStep), deltaMeta);
    }

    /** A base version of the trainer's state at {@code step}: kept in the store, not served, for the versions after it to be deltas on. */
    SnapshotPayload base(long version, long step, byte[] fullState, Map<String, String> meta) {
        remember(version, step);
        return SnapshotPayload.base(version, fullState, meta);
    }

    private void remember(long fullVersion, long step) {
        deltasSinceFull = 0;
        fullStepByVersion.put(fullVersion, step);
        while (fullStepByVersion.size() > REMEMBERED_FULLS) {
            fullStepByVersion.pollFirstEntry();
        }
    }
}
