package dev.pedigree.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventVersionTest {

    @Test
    void versionsSortByEventTimeThenEventIdAsTheirStringsDo() {
        Random random = new Random(3);
        List<long[]> events = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            long time = switch (i % 4) {
                case 0 -> random.nextInt(10);
                case 1 -> Long.MAX_VALUE - random.nextInt(10);
                default -> Math.abs(random.nextLong() >> random.nextInt(60));
            };
            events.add(new long[] {time, random.nextInt(5)});
        }
        List<String> byString = events.stream().map(e -> EventVersion.of(e[0], "id-" + e[1])).sorted().toList();
        List<String> byTime = events.stream().sorted(Comparator.<long[]>comparingLong(e -> e[0])
                .thenComparing(e -> "id-" + e[1])).map(e -> EventVersion.of(e[0], "id-" + e[1])).toList();
        assertThat(byString).isEqualTo(byTime);
        assertThat(EventVersion.of(1_764_000_000_000L, "e-1")).isEqualTo("0000001764000000000:e-1");
        assertThat(EventVersion.of(Long.MAX_VALUE, "e")).isEqualTo(Long.MAX_VALUE + ":e");
        assertThat(EventVersion.of(-5, "e")).isEqualTo(String.format("%019d:%s", -5L, "e"));
    }
}
