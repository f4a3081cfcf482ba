package dev.pedigree.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every benchmark with tiny sizes, against a real broker, registry and PostgreSQL: the harness itself works. */
class BenchSmokeIT {

    @Test
    void everyBenchmarkRunsAndWritesItsTable() throws Exception {
        Path out = Path.of("target/smoke").toAbsolutePath();
        int status = new CommandLine(new Bench()).execute("--smoke", "--work", out.resolve("work").toString(),
                "--out", out.resolve("BENCHMARKS.md").toString(), "--csv", out.resolve("benchmarks.csv").toString(),
                "--png", out.resolve("charts/benchmarks.png").toString());
        assertThat(status).isZero();
        String table = Files.readString(out.resolve("BENCHMARKS.md"));
        for (String benchmark : Bench.ALL) {
            assertThat(table).as("a row for " + benchmark).contains("| " + benchmark + " |");
        }
        assertThat(table).contains("pass-through").contains("recursive CTE").contains("0 errors");
        assertThat(Files.readAllLines(out.resolve("benchmarks.csv"))).hasSizeGreaterThan(Bench.ALL.size());
        // benchmarks.json, as a script comparing runs reads it: one object per row, with numbers.
        JsonNode rows = new ObjectMapper().readTree(out.resolve("benchmarks.json").toFile());
        assertThat(rows.size()).isEqualTo(Files.readAllLines(out.resolve("benchmarks.csv")).size() - 1);
        for (JsonNode row : rows) {
            assertThat(row.get("benchmark").asText()).isIn(Bench.ALL);
            assertThat(row.get("figure").asText()).isNotBlank();
            assertThat(row.get("value").isNumber()).as("numeric value of %s", row).isTrue();
            assertThat(row.get("unit").asText()).isNotBlank();
            if (row.has("baseline")) {
                assertThat(row.get("ratio").isNumber()).as("a ratio beside the baseline in %s", row).isTrue();
            }
            if (row.has("p99")) {
                assertThat(row.get("p50").asDouble()).isLessThanOrEqualTo(row.get("p99").asDouble());
            }
        }
        assertThat(rows.findValues("benchmark")).extracting(JsonNode::asText).contains("lookup", "traversal");
        assertThat(rows).filteredOn(row -> row.get("benchmark").asText().equals("lookup") && row.has("p99"))
                .as("the lookup latency with its baseline").allMatch(row -> row.get("baseline").isNumber());
        // The chart: ingest over time beside lookup latency, linked from the table by a path relative to it.
        assertThat(table).contains("](charts/benchmarks.png)");
        BufferedImage chart = ImageIO.read(out.resolve("charts/benchmarks.png").toFile());
        assertThat(chart).as("a PNG image").isNotNull();
        assertThat(chart.getWidth()).as("two charts side by side").isGreaterThan(chart.getHeight() * 2);
    }
}
