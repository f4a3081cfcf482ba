package dev.pedigree.bench;

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

/** The figures of one run, printed as they come and written as Markdown and CSV at the end. */
final class Results {

    private static final Logger log = LoggerFactory.getLogger(Results.class);

    /** One row: a figure, its baseline measured in the same run, and their ratio. */
    record Row(String benchmark, String figure, String value, String baseline, String ratio, String note) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> setup = new LinkedHashMap<>();

    void setup(String key, Object value) {
        setup.put(key, String.valueOf(value));
    }

    void add(String benchmark, String figure, String value, String baseline, String ratio, String note) {
        Row row = new Row(benchmark, figure, value, baseline, ratio, note);
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

    /** Writes the table as Markdown (showing {@code chart} under it, when not null) and as CSV. */
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
            md.append("\n![Ingest over time, and lookup latency by percentile](")
                    .append(relative.toString().replace('\\', '/')).append(")\n");
        }
        try {
            Files.createDirectories(markdown.toAbsolutePath().getParent());
            Files.writeString(markdown, md.toString(), StandardCharsets.UTF_8);
            Files.createDirectories(csv.toAbsolutePath().getParent());
            Files.writeString(csv, csvText.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("Wrote {} and {}", markdown, csv);
    }

    List<Row> rows() {
        return rows;
    }

    private static String quote(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
