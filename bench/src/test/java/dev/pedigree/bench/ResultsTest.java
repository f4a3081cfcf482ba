package dev.pedigree.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {

    @Test
    void theJsonBesideTheCsvHasEachRowsNumbersAtItsTopLevel(@TempDir Path dir) throws Exception {
        Results results = new Results();
        results.add("ingest", "events/s", "2,000 /s", "pass-through 4,000 /s", "0.50×", "a note",
                Results.Numbers.of(2_000, 4_000, "/s"));
        results.add("lookup", "saturation", "5,000 req/s", "-", "-", "alone", Results.Numbers.of(5_000, "req/s"));
        results.write(dir.resolve("B.md"), dir.resolve("b.csv"), "bench/run", null);

        JsonNode rows = new ObjectMapper().readTree(dir.resolve("b.json").toFile());
        assertThat(rows).hasSize(2);
        JsonNode first = rows.get(0);
        assertThat(first.get("benchmark").asText()).isEqualTo("ingest");
        assertThat(first.get("value").asDouble()).isEqualTo(2_000);
        assertThat(first.get("unit").asText()).isEqualTo("/s");
        assertThat(first.get("baseline").asDouble()).isEqualTo(4_000);
        assertThat(first.get("ratio").asDouble()).isEqualTo(0.5);
        assertThat(first.get("text").asText()).isEqualTo("2,000 /s");
        assertThat(first.has("numbers")).as("no nesting").isFalse();
        assertThat(rows.get(1).has("baseline")).as("no baseline, no key").isFalse();
        assertThat(rows.get(1).has("p99")).isFalse();
        assertThat(Files.exists(dir.resolve("b.csv"))).isTrue();
    }
}
