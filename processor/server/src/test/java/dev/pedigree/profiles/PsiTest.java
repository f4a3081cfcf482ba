package dev.pedigree.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pedigree.connectors.profiling.ColumnProfiler;
import dev.pedigree.events.ColumnProfile;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The drift score against PSI computed by hand on data small enough for the sketches to be exact. */
class PsiTest {

    private static ColumnProfile profile(Object... values) {
        ColumnProfiler profiler = new ColumnProfiler(List.of("x"));
        for (Object value : values) {
            profiler.addRow(value);
        }
        return profiler.profiles().get(0);
    }

    @Test
    void numbersAreBinnedAtTheOlderVersionsDeciles() {
        ColumnProfile from = profile(IntStream.rangeClosed(1, 10).boxed().toArray());
        ColumnProfile to = profile(1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
        // Bins ≤1, (1,2] … (8,9], >9: 0.1 each before; 0.2 in the first five and 0 (floored at 1e-4) after.
        double byHand = 5 * (0.2 - 0.1) * Math.log(0.2 / 0.1) + 5 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1);
        assertThat(byHand).isCloseTo(3.797, within(1e-3));
        assertThat(Psi.of(from, to)).isCloseTo(byHand, within(1e-9));
    }

    @Test
    void theSameDistributionScoresZero() {
        ColumnProfile from = profile(IntStream.rangeClosed(1, 10).boxed().toArray());
        ColumnProfile shuffled = profile(10, 3, 5, 1, 2, 9, 8, 4, 7, 6);
        assertThat(Psi.of(from, shuffled)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void stringsAreBinnedByTheirFrequentValuesAndTheRest() {
        ColumnProfile from = profile(repeat("a", 50, "b", 30, "c", 20));
        ColumnProfile to = profile(repeat("a", 20, "b", 30, "c", 50));
        double byHand = (0.2 - 0.5) * Math.log(0.2 / 0.5) + (0.5 - 0.2) * Math.log(0.5 / 0.2);
        assertThat(byHand).isCloseTo(0.5498, within(1e-4));
        assertThat(Psi.of(from, to)).isCloseTo(byHand, within(1e-9));
    }

    @Test
    void aColumnThatBecameConstantDrifts() {
        ColumnProfile before = profile(0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.03, 0.02);
        ColumnProfile zeroed = profile(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        ColumnDiff diff = ProfileDiff.of(List.of(before), List.of(zeroed)).get(0);
        assertThat(diff.status()).isEqualTo(ColumnDiff.Status.CHANGED);
        assertThat(diff.psi()).isGreaterThan(1.0);
        assertThat(diff.drifted(0.25)).isTrue();
        assertThat(diff.statistic()).startsWith("mean 0.033 → 0.000").contains("PSI");
    }

    @Test
    void nullsMovingByATenthIsDriftWhateverThePsi() {
        ColumnProfile before = profile(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        ColumnProfile after = profile(1, 2, 3, 4, 5, 6, 7, 8, null, null);
        ColumnDiff diff = ProfileDiff.of(List.of(before), List.of(after)).get(0);
        assertThat(diff.nullFractionChange()).isCloseTo(0.2, within(1e-9));
        assertThat(diff.drifted(100.0)).isTrue();
        assertThat(diff.statistic()).contains("nulls 0% → 20%");
    }

    @Test
    void columnsAreSameChangedAddedRemovedOrOfAnotherType() {
        ColumnProfiler before = new ColumnProfiler(List.of("id", "age", "plan", "gone"));
        ColumnProfiler after = new ColumnProfiler(List.of("id", "age", "plan", "new"));
        for (int i = 0; i < 20; i++) {
            before.addRow(i, 30 + i, "basic", "x");
            after.addRow(i, 30 + 2 * i, i, "y");
        }
        List<ColumnDiff> diffs = ProfileDiff.of(before.profiles(), after.profiles());
        assertThat(diffs).extracting(d -> d.name() + " " + d.status()).containsExactly("id SAME", "age CHANGED",
                "plan TYPE_CHANGED", "new ADDED", "gone REMOVED");
        assertThat(diffs.get(2).drifted(100.0)).isTrue();
        assertThat(diffs.get(2).statistic()).startsWith("type STRING → INTEGER");
        assertThat(diffs.get(0).drifted(0.0)).as("the same content is no drift").isFalse();
    }

    private static Object[] repeat(Object... valueAndCount) {
        return IntStream.range(0, valueAndCount.length / 2).boxed().flatMap(i -> java.util.Collections.nCopies(
                (Integer) valueAndCount[2 * i + 1], valueAndCount[2 * i]).stream()).toArray();
    }
}
