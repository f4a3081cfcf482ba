package dev.pedigree.streams.internals;

import dev.pedigree.graph.GraphIndex;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.streams.ActiveStores;
import java.time.Duration;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/** In-memory stores registered in a {@link MockProcessorContext}, as the topology would give a processor. */
final class ProcessorStores {

    private ProcessorStores() {
    }

    /** The Streams settings through which a running instance hands its objects to the processors. */
    static Properties settings() {
        Properties settings = new Properties();
        settings.put(GraphIndex.CONFIG, new GraphIndex());
        settings.put(ActiveStores.CONFIG, new ActiveStores());
        return settings;
    }

    static <V extends SpecificRecord> KeyValueStore<String, V> keyValue(MockProcessorContext<?, ?> context,
            String name, Class<V> type) {
        return keyValue(context, name, InternalSerde.of(type));
    }

    static <V> KeyValueStore<String, V> keyValue(MockProcessorContext<?, ?> context, String name, Serde<V> serde) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), serde).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    static <V extends SpecificRecord> WindowStore<String, V> window(MockProcessorContext<?, ?> context, String name,
            Class<V> type, Duration retention) {
        WindowStore<String, V> store = Stores.windowStoreBuilder(Stores.inMemoryWindowStore(name, retention,
                Duration.ofMillis(1), false), Serdes.String(), InternalSerde.of(type)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    static String describe(GraphEntry entry) {
        return entry.getNode() != null ? "node " + entry.getNode().getId()
                : entry.getEdge().getKind() + " " + entry.getEdge().getFrom() + " → " + entry.getEdge().getTo();
    }
}
