package dev.pedigree.connectors.profiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.events.ColumnProfile;
import dev.pedigree.events.ColumnType;
import dev.pedigree.events.FrequentValue;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;
import org.junit.jupiter.api.Test;

class ColumnProfilerTest {

    private static List<ColumnProfile> csv(List<String> header, List<List<String>> rows) {
        ColumnProfiler profiler = new ColumnProfiler(header);
        rows.forEach(profiler::addTextRow);
        return profiler.profiles();
    }

    @Test
    void textCellsGetTheirTypeCountsNullsAndNumbers() {
        List<ColumnProfile> profiles = csv(List.of("id", "score", "plan", "active", "signup", "note"), List.of(
                List.of("1", "0.5", "basic", "true", "2026-01-01", "x"),
                List.of("2", "1.5", "pro", "false", "2026-02-01", "7"),
                List.of("3", "", "basic", "true", "2026-03-01T10:00:00Z", ""),
                List.of("4", "2.5", "basic", "TRUE", "2026-04-01", "y")));

        assertThat(profiles).extracting(ColumnProfile::getType).containsExactly(ColumnType.INTEGER, ColumnType.DOUBLE,
                ColumnType.STRING, ColumnType.BOOLEAN, ColumnType.TIMESTAMP, ColumnType.MIXED);
        ColumnProfile score = profiles.get(1);
        assertThat(score.getCount()).isEqualTo(3);
        assertThat(score.getNulls()).isEqualTo(1);
        assertThat(score.getMin()).isEqualTo(0.5);
        assertThat(score.getMax()).isEqualTo(2.5);
        assertThat(score.getMean()).isCloseTo(1.5, within(1e-12));
        assertThat(score.getStddev()).isCloseTo(1.0, within(1e-12));
        assertThat(score.getDistinct()).isEqualTo(3.0);
        KllFloatsSketch quantiles = KllFloatsSketch.heapify(Memory.wrap(score.getQuantiles().array()));
        assertThat(quantiles.getN()).isEqualTo(3);
        assertThat(quantiles.getQuantile(0.5)).isEqualTo(1.5f);
        assertThat(profiles.get(2).getFrequent()).extracting(FrequentValue::getValue, FrequentValue::getCount)
                .startsWith(org.assertj.core.groups.Tuple.tuple("basic", 3L));
        assertThat(profiles.get(2).getQuantiles()).as("no quantiles for strings").isNull();
        assertThat(profiles.get(5).getCount()).as("a mixed column says what it saw").isEqualTo(3);
    }

    @Test
    void aColumnsHashIgnoresRowOrderAndChangesWithItsValuesOnly() {
        List<String> header = List.of("user", "ctr_7d");
        List<ColumnProfile> before = csv(header, List.of(List.of("a", "0.031"), List.of("b", "0.042")));
        List<ColumnProfile> shuffled = csv(header, List.of(List.of("b", "0.042"), List.of("a", "0.031")));
        List<ColumnProfile> bug = csv(header, List.of(List.of("a", "0"), List.of("b", "0")));

        assertThat(shuffled).extracting(ColumnProfile::getContentHash)
                .containsExactlyElementsOf(before.stream().map(ColumnProfile::getContentHash).toList());
        assertThat(bug.get(0).getContentHash()).isEqualTo(before.get(0).getContentHash());
        assertThat(bug.get(1).getContentHash()).isNotEqualTo(before.get(1).getContentHash()).startsWith("sha256:");
    }

    @Test
    void typedRowsFromMemoryAreProfiledAsWhatTheyAre() {
        ColumnProfiler profiler = new ColumnProfiler(List.of("n", "x", "flag", "at", "name"));
        profiler.addRow(1L, 2.0, true, Instant.parse("2026-01-01T00:00:00Z"), "a");
        profiler.addRow(3, 4.5f, false, Instant.parse("2026-01-02T00:00:00Z"), null);
        assertThat(profiler.profiles()).extracting(ColumnProfile::getType).containsExactly(ColumnType.INTEGER,
                ColumnType.DOUBLE, ColumnType.BOOLEAN, ColumnType.TIMESTAMP, ColumnType.STRING);
        assertThat(profiler.profiles().get(4).getNulls()).isEqualTo(1);
        assertThat(profiler.profiles().get(3).getMin()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z")
                .toEpochMilli());
    }

    @Test
    void raggedRowsAreCountedMissingCellsAreNulls() {
        ColumnProfiler profiler = new ColumnProfiler(List.of("a", "b"));
        profiler.addTextRow(List.of("1"));
        profiler.addTextRow(List.of("1", "2", "3"));
        profiler.addTextRow(List.of("1", "2"));
        assertThat(profiler.raggedRows()).isEqualTo(2);
        assertThat(profiler.profiles().get(1).getNulls()).isEqualTo(1);
        assertThat(profiler.profiles().get(1).getCount()).isEqualTo(2);
    }

    @Test
    void tooManyColumnsIsRefusedSayingTheLimit() {
        List<String> wide = IntStream.range(0, ColumnProfiler.MAX_COLUMNS + 1).mapToObj(i -> "c" + i).toList();
        assertThat(ColumnProfiler.fits(wide.size())).isFalse();
        assertThatThrownBy(() -> new ColumnProfiler(wide)).hasMessageContaining("at most " + ColumnProfiler.MAX_COLUMNS);
    }

    @Test
    void aColumnOfDistinctValuesListsNoFrequentValue() {
        ColumnProfiler profiler = new ColumnProfiler(List.of("user_id", "segment"));
        for (int i = 0; i < 5_000; i++) {
            profiler.addRow("u" + i, i % 3 == 0 ? "new" : "loyal");
        }
        assertThat(profiler.profiles().get(0).getFrequent()).as("no value stands out").isEmpty();
        assertThat(profiler.profiles().get(1).getFrequent()).extracting(FrequentValue::getValue, FrequentValue::getCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("loyal", 3333L),
                        org.assertj.core.groups.Tuple.tuple("new", 1667L));
    }

    @Test
    void aLargeColumnStaysSmall() {
        ColumnProfiler profiler = new ColumnProfiler(List.of("x"));
        for (int i = 0; i < 1_000_000; i++) {
            profiler.addRow((double) (i % 9973));
        }
        ColumnProfile x = profiler.profiles().get(0);
        assertThat(x.getQuantiles().remaining()).as("the serialized sketch").isLessThan(4_000);
        assertThat(x.getDistinct()).isCloseTo(9973, within(9973 * 0.05));
        assertThat(Collections.<FrequentValue>emptyList()).isEqualTo(x.getFrequent());
    }
}
