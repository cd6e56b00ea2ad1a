package dev.autoloss.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.AbstractRenderer;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.statistics.StatisticalCategoryDataset;
import org.jfree.data.xy.IntervalXYDataset;
import org.jfree.data.xy.XYDataset;

/** The few kinds of chart a report draws, in one style: white background, light grid, thick lines. */
final class Charts {

    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font AXIS_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICK_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    /** Tableau's 10 colours, yellow last: JFreeChart's own sequence has yellow and light cyan early, hard to read on white. */
    private static final List<Color> PALETTE = List.of(new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759),
            new Color(0x59A14F), new Color(0xB07AA1), new Color(0x76B7B2), new Color(0x9C755F), new Color(0xFF9DA7),
            new Color(0xBAB0AC), new Color(0xEDC948));
    private static final BasicStroke LINE = new BasicStroke(2f);
    private static final Color GRID = new Color(0xDDDDDD);

    private Charts() {}

    /** Mean ± sd per category (one point with an error bar each): a table of figures as a picture. */
    static JFreeChart pointsWithErrorBars(String title, String categoryLabel, String valueLabel, StatisticalCategoryDataset data) {
        StatisticalLineAndShapeRenderer renderer = new StatisticalLineAndShapeRenderer(false, true);
        renderer.setErrorIndicatorStroke(LINE);
        renderer.setErrorIndicatorPaint(Color.DARK_GRAY);
        renderer.setDefaultShape(new Ellipse2D.Double(-5, -5, 10, 10));
        renderer.setAutoPopulateSeriesShape(false);
        colour(renderer, data.getRowCount());
        CategoryPlot plot = new CategoryPlot(data, categoryAxis(categoryLabel), valueAxis(valueLabel), renderer);
        return chart(title, plot, data.getRowCount() > 1);
    }

    static JFreeChart bars(String title, String categoryLabel, String valueLabel, CategoryDataset data) {
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        colour(renderer, data.getRowCount());
        NumberAxis values = valueAxis(valueLabel);
        values.setAutoRangeIncludesZero(true);
        return chart(title, new CategoryPlot(data, categoryAxis(categoryLabel), values, renderer), true);
    }

    static JFreeChart lines(String title, String xLabel, String yLabel, XYDataset data) {
        return chart(title, linePlot(data, xLabel, yLabel), data.getSeriesCount() > 1);
    }

    /** Lines through means, with a vertical error bar (the interval) at each point. */
    static JFreeChart linesWithErrorBars(String title, String xLabel, String yLabel, IntervalXYDataset data) {
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDefaultLinesVisible(true);
        renderer.setErrorStroke(new BasicStroke(1.5f));
        style(renderer, data.getSeriesCount());
        XYPlot plot = new XYPlot(data, valueAxis(xLabel), valueAxis(yLabel), renderer);
        return chart(title, plot, data.getSeriesCount() > 1);
    }

    /**
     * One line chart per named dataset, stacked over a shared x axis; the datasets hold the same series in the
     * same order, so one legend (the first's) serves them all.
     */
    static JFreeChart stacked(String title, String xLabel, String yLabel, List<String> names, List<XYDataset> data) {
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(valueAxis(xLabel));
        plot.setGap(12);
        for (int i = 0; i < names.size(); i++) {
            XYPlot sub = linePlot(data.get(i), null, names.get(i) + ": " + yLabel);
            ((NumberAxis) sub.getRangeAxis()).setAutoRangeIncludesZero(true);
            plot.add(sub);
        }
        plot.setFixedLegendItems(plot.getSubplots().get(0).getLegendItems());
        return chart(title, plot, true);
    }

    private static XYPlot linePlot(XYDataset data, String xLabel, String yLabel) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, data.getItemCount(0) <= 60);
        style(renderer, data.getSeriesCount());
        return new XYPlot(data, xLabel == null ? null : valueAxis(xLabel), valueAxis(yLabel), renderer);
    }

    private static void style(XYLineAndShapeRenderer renderer, int series) {
        renderer.setAutoPopulateSeriesStroke(false);
        renderer.setAutoPopulateSeriesShape(false);
        renderer.setDefaultShape(new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        renderer.setDefaultStroke(LINE);
        colour(renderer, series);
    }

    /** Series i gets colour i, in every plot: the stacked plots' series stay matched to their one legend. */
    private static void colour(AbstractRenderer renderer, int series) {
        for (int i = 0; i < series; i++) {
            renderer.setSeriesPaint(i, PALETTE.get(i % PALETTE.size()));
        }
    }

    private static NumberAxis valueAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        // JFreeChart switches to 9.9995E-1 on narrow ranges such as a slowly decaying temperature
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.######"));
        fonts(axis);
        return axis;
    }

    /** Category names may carry their figures after a space; they wrap onto a second line where columns are narrow. */
    private static CategoryAxis categoryAxis(String label) {
        CategoryAxis axis = new CategoryAxis(label);
        axis.setMaximumCategoryLabelLines(2);
        fonts(axis);
        return axis;
    }

    private static void fonts(Axis axis) {
        axis.setLabelFont(AXIS_LABEL);
        axis.setTickLabelFont(TICK_LABEL);
    }

    private static JFreeChart chart(String title, Plot plot, boolean legend) {
        plot.setBackgroundPaint(Color.WHITE);
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
            if (xy instanceof CombinedDomainXYPlot combined) {
                combined.getSubplots().forEach(sub -> {
                    sub.setBackgroundPaint(Color.WHITE);
                    sub.setDomainGridlinePaint(GRID);
                    sub.setRangeGridlinePaint(GRID);
                });
            }
        } else if (plot instanceof CategoryPlot category) {
            category.setRangeGridlinePaint(GRID);
        }
        JFreeChart chart = new JFreeChart(title, TITLE, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
