package dev.pedigree.streams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.QueryableStoreType;

/**
 * The partitioned stores of this instance's running tasks, by store name and partition, for interactive queries.
 *
 * <p>{@code KafkaStreams.store(…withPartition(p))} returns a view that looks for the store among every stream
 * thread's tasks again on each read, and an allocation profile of provenance lookups put 27% of their bytes there.
 * Here, the processor that writes a store adds its handle when its task starts processing ({@code Processor.init},
 * which Kafka Streams calls once the task's state is restored) and removes it when the task is suspended or closed
 * ({@code Processor.close}, which runs before the stores close, as on every rebalance that moves the partition). A
 * handle is thus here only while this instance owns the partition and its store is current; when there is none, a
 * query goes through {@code KafkaStreams.store}, with its 503 while a store restores or migrates. A handle whose
 * store has closed all the same (a task closed after an error) is dropped when it is asked for.
 *
 * <p>It reaches the processors as {@link dev.pedigree.graph.GraphIndex} does: under {@link #CONFIG} in the Streams
 * settings, since the topology is built from topics and settings alone.
 */
public final class ActiveStores {

    /** The Streams setting that hands an instance's registry to the topology's processors. */
    public static final String CONFIG = "pedigree.active.stores";

    private record Key(String store, int partition) {
    }

    private final ConcurrentMap<Key, StateStore> handles = new ConcurrentHashMap<>();

    /** The registry in {@code appConfigs} under {@link #CONFIG}; an {@link IllegalStateException} when none is. */
    public static ActiveStores from(Map<String, Object> appConfigs) {
        if (appConfigs.get(CONFIG) instanceof ActiveStores stores) {
            return stores;
        }
        throw new IllegalStateException("no active-store registry in the Streams settings under '" + CONFIG
                + "'; PedigreeProcessor and the test fixtures put one there");
    }

    /** Called from {@code init}: {@code store}, which {@code context} gave, answers queries of its partition. */
    public void add(ProcessorContext<?, ?> context, StateStore store) {
        handles.put(new Key(store.name(), context.taskId().partition()), store);
    }

    /** Called from {@code close}: the partition's queries go back to Kafka Streams' lookup. */
    public void remove(ProcessorContext<?, ?> context, StateStore store) {
        handles.remove(new Key(store.name(), context.taskId().partition()), store);
    }

    /**
     * Store {@code name} of {@code partition} as {@code type}, or null when this instance has no open handle to it
     * (the caller then asks Kafka Streams).
     */
    @SuppressWarnings("unchecked")
    public <T> T get(String name, int partition, QueryableStoreType<T> type) {
        Key key = new Key(name, partition);
        StateStore store = handles.get(key);
        if (store == null) {
            return null;
        }
        if (!store.isOpen()) {
            handles.remove(key, store);
            return null;
        }
        if (!type.accepts(store)) {
            throw new IllegalArgumentException("store " + name + " is a " + store.getClass().getSimpleName()
                    + ", not what the query asked for");
        }
        return (T) store;
    }

    /** How many handles are held: one per partitioned store and owned partition. */
    public int size() {
        return handles.size();
    }
}
