package dev.pedigree.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.graph.store.UsageIncrement;
import dev.pedigree.graph.store.UsageStats;
import dev.pedigree.streams.StoreNames;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The usage processor alone: increments summed per key, with the earliest first and latest last time. */
class UsageProcessorTest {

    @Test
    void incrementsAddUpWithTheWidestTimeRange() {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>(ProcessorStores.settings());
        KeyValueStore<String, UsageStats> usage = ProcessorStores.keyValue(context, StoreNames.PREDICTION_USAGE,
                UsageStats.class);
        UsageProcessor processor = new UsageProcessor();
        processor.init(context);

        processor.process(new Record<>("mv|modelVersion:ctr:1", new UsageIncrement(3L, 200L, 400L), 0L));
        processor.process(new Record<>("mv|modelVersion:ctr:1", new UsageIncrement(2L, 100L, 300L), 0L));
        processor.process(new Record<>("mv|modelVersion:ctr:2", new UsageIncrement(1L, 500L, 500L), 0L));

        UsageStats first = usage.get("mv|modelVersion:ctr:1");
        assertThat(first.getCount()).isEqualTo(5);
        assertThat(first.getFirst()).isEqualTo(100);
        assertThat(first.getLast()).isEqualTo(400);
        assertThat(usage.get("mv|modelVersion:ctr:2").getCount()).isEqualTo(1);
    }
}
