package dev.pedigree.connectors.profiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pedigree.events.ColumnProfile;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;
import org.junit.jupiter.api.Test;

class BackgroundProfilerTest {

    private static final List<String> HEADER = List.of("user_id", "ctr_7d", "segment");

    /** Rows over several batches, some ragged, some with empty cells. */
    private static String[] row(Random random, int n) {
        String[] full = {"u" + n, Double.toString(random.nextDouble() * 0.06), random.nextBoolean() ? "new" : ""};
        return n % 997 == 0 ? new String[] {full[0]} : full;
    }

    @Test
    void profilesWhatTheSameRowsGiveOnTheCallersThread() throws Exception {
        ColumnProfiler inline = new ColumnProfiler(HEADER);
        Random random = new Random(7);
        ColumnProfiler background;
        try (BackgroundProfiler profiler = new BackgroundProfiler(HEADER)) {
            for (int n = 0; n < 10_000; n++) {
                String[] cells = row(random, n);
                inline.addTextRow(cells);
                profiler.addTextRow(cells);
            }
            background = profiler.finish();
        }
        List<ColumnProfile> expected = inline.profiles();
        assertThat(background.rows()).isEqualTo(10_000L);
        assertThat(background.raggedRows()).isEqualTo(inline.raggedRows()).isEqualTo(11L);
        // KLL compacts at random: its bytes differ from run to run, what it summarizes does not.
        assertThat(background.profiles()).map(BackgroundProfilerTest::withoutSketch)
                .isEqualTo(expected.stream().map(BackgroundProfilerTest::withoutSketch).toList());
        KllFloatsSketch quantiles = KllFloatsSketch.heapify(Memory.wrap(background.profiles().get(1).getQuantiles()
                .array()));
        assertThat(quantiles.getN()).isEqualTo(expected.get(1).getCount());
        assertThat(quantiles.getMaxItem()).isEqualTo(expected.get(1).getMax().floatValue());
    }

    private static ColumnProfile withoutSketch(ColumnProfile profile) {
        return ColumnProfile.newBuilder(profile).setQuantiles(null).build();
    }

    @Test
    void closingWithoutFinishingStopsItsThread() throws Exception {
        try (BackgroundProfiler profiler = new BackgroundProfiler(HEADER)) {
            profiler.addTextRow(new String[] {"u1", "0.1", "new"});
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("pedigree-column-profiler")));
    }
}
