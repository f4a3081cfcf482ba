package dev.pedigree.bench;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's chart, one PNG beside the Markdown: ingest rate over time (Pedigree and the pass-through on the same
 * records) and lookup latency by percentile (over HTTP at the fixed rate, and the store read under it).
 */
final class Charts {

    private static final Logger log = LoggerFactory.getLogger(Charts.class);
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    /** Latency percentiles plotted up to this one: past it a run of 40,000 requests has a handful of points. */
    private static final double TOP_PERCENTILE = 99.99;

    private final List<Timeline> ingest = new ArrayList<>();
    private final Map<String, Histogram> latencies = new LinkedHashMap<>();
    private final List<GraphScaleBench.Point> growth = new ArrayList<>();

    synchronized void ingest(Timeline timeline) {
        ingest.add(timeline);
    }

    /** Latencies in microseconds under {@code name}. */
    synchronized void latencies(String name, Histogram micros) {
        latencies.put(name, micros);
    }

    /** The graph index's figures at each size measured. */
    synchronized void growth(List<GraphScaleBench.Point> points) {
        growth.addAll(points);
    }

    synchronized boolean isEmpty() {
        return ingest.stream().allMatch(Timeline::isEmpty) && latencies.isEmpty() && growth.isEmpty();
    }

    /** Writes the charts that have data side by side into {@code png}. */
    synchronized void write(Path png) {
        List<XYChart> charts = new ArrayList<>();
        if (ingest.stream().anyMatch(timeline -> !timeline.isEmpty())) {
            charts.add(ingestChart());
        }
        if (!latencies.isEmpty()) {
            charts.add(latencyChart());
        }
        List<GraphScaleBench.Point> plotted = plottedGrowth();
        if (!plotted.isEmpty()) {
            charts.add(growthChart(plotted));
        }
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            BitmapEncoder.saveBitmap(charts, 1, charts.size(), png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("Wrote {}", png);
    }

    private XYChart ingestChart() {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Ingest over time")
                .xAxisTitle("seconds since the application started").yAxisTitle("records/s over the last 2 s").build();
        style(chart);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        for (Timeline timeline : ingest) {
            if (!timeline.isEmpty()) {
                chart.addSeries(timeline.name(), timeline.seconds(), timeline.rates()).setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }

    private XYChart latencyChart() {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Provenance lookup latency")
                .xAxisTitle("percentile").yAxisTitle("milliseconds").build();
        style(chart);
        // x is log10(1 / (1 - percentile)): 1 is the 90th, 2 the 99th, 3 the 99.9th, each step one more nine.
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(Math.log10(100 / (100 - TOP_PERCENTILE)))
                .setYAxisLogarithmic(true).setYAxisLogarithmicDecadeOnly(true)
                .setxAxisTickLabelsFormattingFunction(Charts::percentileLabel);
        latencies.forEach((name, histogram) -> {
            List<Double> x = new ArrayList<>();
            List<Double> millis = new ArrayList<>();
            for (HistogramIterationValue value : histogram.percentiles(5)) {
                double percentile = value.getPercentileLevelIteratedTo();
                if (percentile > TOP_PERCENTILE) {
                    break;
                }
                x.add(Math.log10(100 / (100 - percentile)));
                millis.add(value.getValueIteratedTo() / 1000.0);
            }
            if (!x.isEmpty()) {
                chart.addSeries(name, x, millis).setMarker(SeriesMarkers.NONE);
            }
        });
        return chart;
    }

    /** Heap, load time and walk latency against the graph's size, both axes logarithmic: a slope of 1 is linear. */
    private XYChart growthChart(List<GraphScaleBench.Point> points) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Graph index by graph size")
                .xAxisTitle("nodes").yAxisTitle("MiB, s, ms").build();
        style(chart);
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setXAxisDecimalPattern("#,###");
        List<Double> nodes = points.stream().map(point -> (double) point.nodes()).toList();
        chart.addSeries("heap, MiB", nodes, points.stream().map(point -> point.heapBytes() / 1048576.0).toList());
        chart.addSeries("load, s", nodes, points.stream().map(GraphScaleBench.Point::loadSeconds).toList());
        chart.addSeries("walk depth 20 from the hub, p50 ms", nodes,
                points.stream().map(point -> point.downstream().percentileMillis(50)).toList());
        return chart;
    }

    /** The sizes plotted: logarithmic axes take positive values only, so a size too small to measure is left out. */
    private List<GraphScaleBench.Point> plottedGrowth() {
        return growth.stream().filter(point -> point.heapBytes() > 0 && point.loadSeconds() > 0
                && point.downstream().percentileMillis(50) > 0).toList();
    }

    private static void style(XYChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW).setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
    }

    /** The percentile a whole x of {@link #latencyChart} stands for (0 → 0%, 1 → 90%, 3 → 99.9%); others unlabelled. */
    static String percentileLabel(double x) {
        if (Math.abs(x - Math.rint(x)) > 1e-9) {
            return "";
        }
        double percentile = 100 - 100 / Math.pow(10, Math.rint(x));
        String text = String.format(Locale.ROOT, "%.4f", percentile).replaceAll("0+$", "").replaceAll("\\.$", "");
        return text + "%";
    }
}
