package dev.autoloss.model.train;

import static dev.autoloss.model.train.TrainerSettings.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autoloss.model.features.Task;
import dev.autoloss.model.search.Method;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A profiled trainer counts its runs by kind, traces one in ten, and trains exactly as an unprofiled one. */
class RunProfileTest {

    @Test
    void countsTimesAndTracesEachKindOfRunWithoutChangingTheTraining() {
        TrainerConfig config = QuickStart.config().set(TASK, Task.BINARY).set(FIELD_COUNT, 4).set(TABLE_ROWS, 500).set(EMBEDDING_DIM, 4)
                .set(HIDDEN, List.of(8)).set(CONTROLLER_HIDDEN, List.of(8)).set(METHOD, Method.AUTOLOSS).set(CONTROLLER_EVERY, 1).build();
        PlantedData data = new PlantedData(4, 60, Task.BINARY, 1, 5);
        RunProfile profile = new RunProfile();
        try (Trainer profiled = new Trainer(config); Trainer plain = new Trainer(config)) {
            profiled.profileRuns(profile);
            for (int step = 0; step < 25; step++) {
                var batch = data.batch(32);
                var validation = data.batch(32);
                for (Trainer t : List.of(profiled, plain)) {
                    t.train(batch);
                    t.trainController(validation);
                }
            }
            assertArrayEquals(plain.saveState(), profiled.saveState(), "tracing changes no result");
        }

        Map<String, RunProfile.Figures> byKind = profile.figures(3).stream()
                .collect(Collectors.toMap(RunProfile.Figures::kind, Function.identity()));
        for (String kind : List.of("training step", "controller step")) {
            RunProfile.Figures f = byKind.get(kind);
            assertEquals(2, f.tracedRuns(), kind + ": runs 10 and 20 of 25 are traced");
            assertEquals(23, f.runs(), kind + ": the others are timed");
            assertTrue(f.runMillis() > 0 && f.prepareMillis() > 0 && f.opMillis() > 0, kind + ": " + f);
            assertEquals(3, f.ops().size(), kind + ": " + f.ops());
            double shares = f.ops().stream().mapToDouble(RunProfile.OpTime::share).sum();
            assertTrue(shares > 0 && shares <= 1 + 1e-9, kind + ": top op shares " + shares);
            assertTrue(f.ops().get(0).millisPerRun() >= f.ops().get(2).millisPerRun(), kind + ": most time first " + f.ops());
        }
    }
}
