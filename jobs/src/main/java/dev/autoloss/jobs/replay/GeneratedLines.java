package dev.autoloss.jobs.replay;

import dev.autoloss.model.features.CriteoGenerator;
import dev.autoloss.model.features.GeneratorConfig;
import dev.autoloss.model.features.RawRecord;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** The project's Criteo-format generator as a source of numbered lines, so replay needs no file. */
public final class GeneratedLines implements Iterator<RawRecord> {

    private final CriteoGenerator generator;
    private final String source;
    private final long lines;
    private long produced;

    public GeneratedLines(GeneratorConfig config, long lines) {
        this.generator = new CriteoGenerator(config);
        this.source = sourceOf(config.seed());
        this.lines = lines;
    }

    /** The name of the generator's lines, before their numbers in the event ids ({@code generated-seed42:17}). */
    public static String sourceOf(long seed) {
        return "generated-seed" + seed;
    }

    @Override
    public boolean hasNext() {
        return produced < lines;
    }

    @Override
    public RawRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the generator was asked for " + lines + " lines");
        }
        return new RawRecord(source, ++produced, generator.nextLine());
    }
}
