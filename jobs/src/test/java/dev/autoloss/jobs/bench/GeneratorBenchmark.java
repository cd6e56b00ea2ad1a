package dev.autoloss.jobs.bench;

import dev.autoloss.model.features.CriteoGenerator;
import dev.autoloss.model.features.GeneratorConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures {@link CriteoGenerator} throughput, writing real UTF-8 files (not a unit test; run by hand):
 * <pre>
 *   mvn -q -pl jobs -am package -DskipTests     (compiles the tests too)
 *   java -cp jobs/target/autoloss.jar:jobs/target/test-classes dev.autoloss.jobs.bench.GeneratorBenchmark LINES THREADS OUT_DIR
 * </pre>
 * Each thread runs its own generator (seed 42 + thread) into its own file, LINES / THREADS lines each
 * (files are deleted after); OUT_DIR {@code none} discards the text, to time generation alone.
 */
public final class GeneratorBenchmark {

    private static final int WRITE_BUFFER = 1 << 20;
    private static final String DISCARD = "none";

    private GeneratorBenchmark() {}

    public static void main(String[] args) throws Exception {
        long lines = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        String outDir = args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir");
        warmUp();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int part = t;
            parts.add(pool.submit(() -> write(outDir, part, lines / threads)));
        }
        long bytes = 0;
        for (Future<Long> f : parts) {
            bytes += f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("%,d lines (%,d MB) in %.1f s on %d thread(s): %,.0f lines/s%n",
                lines / threads * threads, bytes >> 20, seconds, threads, lines / threads * threads / seconds);
    }

    /** Writes one part and returns its size in bytes. */
    private static long write(String outDir, int part, long count) throws IOException {
        CriteoGenerator generator = new CriteoGenerator(GeneratorConfig.defaults().withSeed(GeneratorConfig.DEFAULT_SEED + part));
        if (DISCARD.equals(outDir)) {
            generator.writeLines(Writer.nullWriter(), count);
            return 0;
        }
        Path file = Path.of(outDir).resolve("generated-criteo-" + part + ".tsv");
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), WRITE_BUFFER)) {
            generator.writeLines(out, count);
        }
        long size = Files.size(file);
        Files.delete(file);
        return size;
    }

    private static void warmUp() throws IOException {
        new CriteoGenerator(GeneratorConfig.defaults()).writeLines(Writer.nullWriter(), 200_000);
    }
}
