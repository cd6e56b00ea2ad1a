package dev.autoloss.jobs.report;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/** Writes charts into a report folder as PNG (to look at) and SVG (to print or zoom), each under a name not yet used there. */
final class ChartWriter {

    static final int WIDTH = 960;
    static final int HEIGHT = 540;

    private final Path dir;
    private final Set<String> used = new HashSet<>();

    ChartWriter(Path dir) {
        this.dir = dir;
    }

    Chart write(String name, JFreeChart chart) {
        return write(name, chart, HEIGHT);
    }

    Chart write(String name, JFreeChart chart, int height) {
        String unique = name;
        for (int i = 2; !used.add(unique); i++) {
            unique = name + "-" + i;
        }
        try {
            ChartUtils.saveChartAsPNG(dir.resolve(unique + ".png").toFile(), chart, WIDTH, height);
            SVGGraphics2D svg = new SVGGraphics2D(WIDTH, height);
            chart.draw(svg, new Rectangle(0, 0, WIDTH, height));
            SVGUtils.writeToSVG(dir.resolve(unique + ".svg").toFile(), svg.getSVGElement());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + dir.resolve(unique) + ": " + e.getMessage(), e);
        }
        return new Chart(chart.getTitle().getText(), unique + ".png", unique + ".svg");
    }
}
