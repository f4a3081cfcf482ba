package dev.pedigree.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @Test
    void latencyAxisIsLabelledInPercentiles() {
        assertThat(Charts.percentileLabel(0)).isEqualTo("0%");
        assertThat(Charts.percentileLabel(1)).isEqualTo("90%");
        assertThat(Charts.percentileLabel(2)).isEqualTo("99%");
        assertThat(Charts.percentileLabel(4)).isEqualTo("99.99%");
        assertThat(Charts.percentileLabel(0.5)).as("between the nines").isEmpty();
    }

    @Test
    void timelineRateIsOverTheLastTwoSeconds() {
        Timeline timeline = new Timeline("copies", 0);
        timeline.sample(50_000_000L, 10);         // 0.05 s after the last kept sample: skipped
        // Counts in steps, as Pedigree's: 4,000 at each whole second, nothing in between; sampled every 0.5 s.
        for (int half = 1; half <= 8; half++) {
            timeline.sample(half * 500_000_000L, 4_000L * (half / 2));
        }
        assertThat(timeline.seconds()).containsExactly(2.0, 2.5, 3.0, 3.5, 4.0);
        assertThat(timeline.rates()).containsExactly(4_000.0, 4_000.0, 4_000.0, 4_000.0, 4_000.0);
        assertThat(timeline.isEmpty()).isFalse();
        assertThat(new Timeline("one second", 0)).satisfies(oneSecond -> {
            oneSecond.sample(1_000_000_000L, 100);
            assertThat(oneSecond.isEmpty()).as("shorter than the window").isTrue();
        });
    }

    @Test
    void onlyChartsWithDataAreDrawn(@TempDir Path dir) throws Exception {
        Charts charts = new Charts();
        assertThat(charts.isEmpty()).isTrue();
        charts.ingest(new Timeline("nothing sampled", 0));
        assertThat(charts.isEmpty()).isTrue();
        Histogram micros = new Histogram(60_000_000L, 3);
        for (int i = 1; i <= 10_000; i++) {
            micros.recordValue(i);
        }
        charts.latencies("lookups", micros);
        Path png = dir.resolve("chart.png");
        charts.write(png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).as("the latency chart alone").isLessThanOrEqualTo(image.getHeight() * 2);
    }
}
