package dev.pedigree.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures of one run, printed as they come and written at the end as Markdown and CSV (for people) and as JSON
 * (for scripts comparing runs).
 */
final class Results {

    private static final Logger log = LoggerFactory.getLogger(Results.class);
    private static final ObjectWriter JSON = new ObjectMapper().writerWithDefaultPrettyPrinter();

    /** One row: a figure, its baseline measured in the same run, and their ratio, as text and as numbers. */
    record Row(String benchmark, String figure, String value, String baseline, String ratio, String note,
            Numbers numbers) {
    }

    /**
     * A row's figures as numbers: the value in its unit, the baseline in the same unit (null when the row has none),
     * the ratio the row states (null likewise), and for a latency its p50 and p99 in milliseconds.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Numbers(double value, String unit, Double baseline, Double ratio, Double p50, Double p99) {

        /** A quantity without a baseline. */
        static Numbers of(double value, String unit) {
            return new Numbers(value, unit, null, null, null, null);
        }

        /** A quantity and its baseline; the ratio is value ÷ baseline. */
        static Numbers of(double value, double baseline, String unit) {
            return new Numbers(value, unit, baseline, baseline == 0 ? null : value / baseline, null, null);
        }

        /** A latency, its value the p99, without a baseline. */
        static Numbers latency(Latencies latency) {
            return new Numbers(latency.percentileMillis(99), "ms", null, null, latency.percentileMillis(50),
                    latency.percentileMillis(99));
        }

        /** A latency and its baseline compared at {@code percentile}: value ÷ baseline, both in ms. */
        static Numbers latency(Latencies latency, Latencies baseline, double percentile) {
            double value = latency.percentileMillis(percentile);
            double base = baseline.percentileMillis(percentile);
            return new Numbers(value, "ms (p" + (int) percentile + ")", base, base == 0 ? null : value / base,
                    latency.percentileMillis(50), latency.percentileMillis(99));
        }

        /** The same figures with the ratio stated the other way round: how many times faster than the baseline. */
        Numbers speedup() {
            return new Numbers(value, unit, baseline, ratio == null || ratio == 0 ? null : 1 / ratio, p50, p99);
        }
    }

    /** One object of {@code benchmarks.json}: the row's numbers between its names and its text. */
    private record JsonRow(String benchmark, String figure, @JsonUnwrapped Numbers numbers, String text,
            String note) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> setup = new LinkedHashMap<>();

    void setup(String key, Object value) {
        setup.put(key, String.valueOf(value));
    }

    void add(String benchmark, String figure, String value, String baseline, String ratio, String note,
            Numbers numbers) {
        Row row = new Row(benchmark, figure, value, baseline, ratio, note, numbers);
        rows.add(row);
        log.info("{} | {} | {} | {} | {} | {}", benchmark, figure, value, baseline, ratio, note);
    }

    static String ratio(double value, double baseline) {
        return baseline == 0 ? "-" : String.format(Locale.ROOT, "%.2f×", value / baseline);
    }

    static String number(double value, String unit) {
        return String.format(Locale.ROOT, value >= 100 ? "%,.0f %s" : "%.2f %s", value, unit);
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", max heap "
                + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / (1 << 20) + " MiB";
    }

    /**
     * Writes the table as Markdown (showing {@code chart} under it, when not null), as CSV, and as JSON (a list with
     * one object per row) beside the CSV under the same name.
     */
    void write(Path markdown, Path csv, String command, Path chart) {
        StringBuilder md = new StringBuilder("# Benchmarks\n\n");
        md.append("Written by `").append(command).append("` on ").append(Instant.now()).append(".\n\n");
        md.append("Each figure is measured beside its baseline **in the same run on the same machine**; the ratio is "
                + "figure ÷ baseline. Absolute times drift on shared machines, ratios much less.\n\n");
        md.append("| setting | value |\n|---|---|\n");
        md.append("| machine | ").append(machine()).append(" |\n");
        setup.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n| benchmark | figure | value | baseline (same run) | ratio | note |\n|---|---|---|---|---|---|\n");
        StringBuilder csvText = new StringBuilder("benchmark,figure,value,baseline,ratio,note\n");
        for (Row row : rows) {
            md.append("| ").append(String.join(" | ", row.benchmark(), row.figure(), row.value(), row.baseline(),
                    row.ratio(), row.note())).append(" |\n");
            csvText.append(String.join(",", quote(row.benchmark()), quote(row.figure()), quote(row.value()),
                    quote(row.baseline()), quote(row.ratio()), quote(row.note()))).append('\n');
        }
        if (chart != null) {
            Path relative = markdown.toAbsolutePath().getParent().relativize(chart.toAbsolutePath());
            md.append("\n![The run's charts: ingest over time, lookup latency by percentile, the graph index by "
                    + "graph size, as measured](")
                    .append(relative.toString().replace('\\', '/')).append(")\n");
        }
        try {
            Files.createDirectories(markdown.toAbsolutePath().getParent());
            Files.writeString(markdown, md.toString(), StandardCharsets.UTF_8);
            Files.createDirectories(csv.toAbsolutePath().getParent());
            Files.writeString(csv, csvText.toString(), StandardCharsets.UTF_8);
            JSON.writeValue(beside(csv, ".json").toFile(), rows.stream().map(row -> new JsonRow(row.benchmark(),
                    row.figure(), row.numbers(), row.value(), row.note())).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("Wrote {}, {} and {}", markdown, csv, beside(csv, ".json"));
    }

    /** The file beside {@code csv} with the same name and {@code extension}: its JSON, its default chart. */
    static Path beside(Path csv, String extension) {
        String name = csv.getFileName().toString();
        return csv.resolveSibling((name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name) + extension);
    }

    List<Row> rows() {
        return rows;
    }

    private static String quote(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
