package dev.autoloss.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.jobs.snapshot.SnapshotKind;
import dev.autoloss.jobs.snapshot.SnapshotPayload;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which checkpoints publish, and when a version is full or a delta. */
class VersionPlanTest {

    private static final byte[] FULL = {1};

    @Test
    void deltasFollowACommittedFullVersionUntilTheNextFullIsDue() {
        VersionPlan plan = new VersionPlan(1, 1, 0, 3);

        SnapshotPayload first = plan.payload(1, 10, 0, () -> FULL, since -> new byte[] {(byte) since}, Map.of());
        SnapshotPayload second = plan.payload(2, 20, 1, () -> FULL, since -> new byte[] {(byte) since}, Map.of());
        SnapshotPayload third = plan.payload(3, 30, 1, () -> FULL, since -> new byte[] {(byte) since}, Map.of());
        SnapshotPayload fourth = plan.payload(4, 40, 1, () -> FULL, since -> new byte[] {(byte) since}, Map.of());

        assertEquals(SnapshotKind.FULL, first.kind(), "nothing is committed yet: full");
        assertEquals(SnapshotKind.DELTA, second.kind());
        assertEquals(Long.valueOf(1), second.base());
        assertArrayEquals(new byte[] {10}, second.bytes(), "the delta is taken since the step of full version 1");
        assertEquals("10", second.meta().get("baseStep"));
        assertEquals(SnapshotKind.DELTA, third.kind());
        assertEquals(SnapshotKind.FULL, fourth.kind(), "every third version is full");
    }

    @Test
    void aDeltaNeedsAFullVersionThisRunPublished() {
        VersionPlan restarted = new VersionPlan(1, 1, 0, 10);
        // the store's committed full version 7 came from before the restart: its step is unknown here
        assertEquals(SnapshotKind.FULL, restarted.payload(9, 50, 7, () -> FULL, since -> new byte[0], Map.of()).kind());
    }

    @Test
    void withNoFullVersionToBaseADeltaOnNoVersionIsMadeWhileOneIsUnderWay() {
        VersionPlan plan = new VersionPlan(1, 1, 0, 10);
        assertTrue(plan.due(1, 0, 0, 0, false));
        assertEquals(SnapshotKind.FULL, plan.payload(1, 1, 0, () -> FULL, since -> new byte[0], Map.of()).kind());

        assertFalse(plan.due(2, 1, 0, 0, true), "full version 1 is under way: a version now would be full as well");
        assertTrue(plan.due(3, 1, 0, 1, true), "version 1 is committed: a delta on it needs no wait for another version");
        assertEquals(SnapshotKind.DELTA, plan.payload(2, 3, 1, () -> FULL, since -> new byte[0], Map.of()).kind());

        VersionPlan lost = new VersionPlan(1, 1, 0, 10);
        assertTrue(lost.due(1, 0, 0, 0, false));
        lost.payload(1, 1, 0, () -> FULL, since -> new byte[0], Map.of());
        assertTrue(lost.due(2, 1, 0, 0, false), "version 1 is no longer under way (its checkpoint aborted, or it was refused): a new full one");
    }

    @Test
    void aRunsBaseVersionMakesItsFirstVersionADelta() {
        VersionPlan plan = new VersionPlan(1, 1, 0, 10);
        SnapshotPayload base = plan.base(8, 40, FULL, Map.of());
        assertEquals(SnapshotKind.FULL, base.kind());
        assertFalse(base.serve(), "a base version is kept, not served");

        assertTrue(plan.due(41, 40, 0, 8, true), "a delta on the base needs no wait while the base is written");
        SnapshotPayload first = plan.payload(9, 41, 8, () -> FULL, since -> new byte[] {(byte) since}, Map.of());
        assertEquals(SnapshotKind.DELTA, first.kind());
        assertEquals(Long.valueOf(8), first.base());
        assertArrayEquals(new byte[] {40}, first.bytes(), "the delta is taken since the base's step");
        assertTrue(first.serve());
    }

    @Test
    void publishesEveryNthCheckpointThatHasANewStep() {
        VersionPlan plan = new VersionPlan(2, 1, 0, 10);
        assertFalse(plan.due(5, 5, 0, 0, false), "no new step since the last version");
        assertFalse(plan.due(6, 5, 0, 0, false), "first checkpoint of two");
        assertTrue(plan.due(7, 5, 0, 0, false), "second checkpoint");
    }

    @Test
    void publishesNoSoonerThanTheStepsAndTheIntervalAllow() {
        VersionPlan plan = new VersionPlan(1, 10, 5_000, 10);
        assertTrue(plan.due(10, 0, 1_000, 0, false), "the first version waits for nothing but its steps");
        assertFalse(plan.due(15, 10, 9_000, 0, false), "5 steps of 10");
        assertFalse(plan.due(20, 10, 5_999, 0, false), "10 steps, but 4.999 s of 5");
        assertTrue(plan.due(20, 10, 6_000, 0, false), "10 steps and 5 s");
    }
}
