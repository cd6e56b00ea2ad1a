package dev.autoloss.model.study;

import static dev.autoloss.model.train.TrainerSettings.ITEM_FIELD;
import static dev.autoloss.model.train.TrainerSettings.METHOD;
import static dev.autoloss.model.train.TrainerSettings.SEED;

import dev.autoloss.model.search.Method;
import dev.autoloss.model.train.TrainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A streaming study (docs/research.md): for each condition, seeds 1..n in the outer loop (a study cut short has every
 * method on its first seeds), each method trained in one pass over the seed's stream, one trainer at a time.
 */
public final class Study {

    /** The share of the stream, at its end, whose prequential scores the figures are measured on. */
    public static final double TAIL = 0.2;
    /** The method every other is compared with. */
    public static final String BASELINE = Method.CE.cliName();

    private final StudySettings settings;
    private final TrainerConfig trainer;
    private final StudyListener listener;

    /**
     * @param trainer the settings every run trains with (its data settings Criteo's, binary); each run sets its method and seed
     */
    public Study(StudySettings settings, TrainerConfig trainer, StudyListener listener) {
        // every method's settings, and the noise's reach, are checked now rather than after hours of other runs
        settings.methods().forEach(m -> config(trainer, m, 1));
        settings.conditions().stream().filter(StudyCondition::noisy).forEach(c -> new StudyStream(c, settings.stream(), 1));
        this.settings = settings;
        this.trainer = trainer;
        this.listener = listener;
    }

    public StudyReport run() {
        long started = System.nanoTime();
        int runs = settings.conditions().size() * settings.seeds() * settings.methods().size();
        int run = 0;
        List<ConditionResult> conditions = new ArrayList<>();
        for (StudyCondition condition : settings.conditions()) {
            Map<StudyMethod, List<StudyRunResult>> results = new LinkedHashMap<>();
            settings.methods().forEach(m -> results.put(m, new ArrayList<>()));
            for (long seed = 1; seed <= settings.seeds(); seed++) {
                for (StudyMethod method : settings.methods()) {
                    StudyStream stream = new StudyStream(condition, settings.stream(), seed);
                    StudyRunResult result = new StudyRun(config(trainer, method, seed), method).run(stream, settings.stream().events(), seed);
                    results.get(method).add(result);
                    listener.runFinished(++run, runs, condition, method.name(), result);
                }
            }
            List<MethodSummary> methods = results.entrySet().stream().map(e -> MethodSummary.of(e.getKey().name(), e.getValue())).toList();
            conditions.add(ConditionResult.of(condition, methods, settings.seeds()));
        }
        return new StudyReport(settings, config(trainer, settings.methods().get(0), 1).describe(), StudyStream.ITEM_FIELD, TAIL,
                conditions, (System.nanoTime() - started) / 1e9);
    }

    /** {@code trainer} with the run's method and seed; a method that sees item statistics gets the stream's item field unless one is set. */
    static TrainerConfig config(TrainerConfig trainer, StudyMethod method, long seed) {
        TrainerConfig.Builder config = trainer.toBuilder().set(METHOD, method.method()).set(SEED, seed);
        if (method.method().seesItemStatistics() && trainer.itemField() < 0) {
            config.set(ITEM_FIELD, StudyStream.ITEM_INDEX);
        }
        return config.build();
    }
}
