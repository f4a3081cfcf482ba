package dev.pedigree.streams.internals;

import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.Prediction;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.UsageKeys;
import dev.pedigree.graph.store.UsageIncrement;
import dev.pedigree.graph.store.UsageStats;
import dev.pedigree.streams.ActiveStores;
import dev.pedigree.streams.StoreNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Keyed by prediction id: stores each prediction once (a window store by event time, so predictions older than
 * the retention are dropped segment by segment, never scanned), and for a prediction seen the first time counts
 * it under each of its usage keys: {@code mv|<model version>} and {@code fv|<feature version>|<model version>},
 * sent on every {@link #FLUSH_INTERVAL} as one increment per key. A re-delivered prediction is neither stored nor
 * counted again.
 */
public final class PredictionProcessor implements Processor<String, Prediction, String, UsageIncrement> {

    /** How often counted usage is sent on: the delay it adds to the counts, and how many increments it merges. */
    public static final Duration FLUSH_INTERVAL = Duration.ofMillis(100);

    private WindowStore<String, Prediction> store;
    private KeyValueStore<String, UsageStats> pending;
    private ProcessorContext<String, UsageIncrement> context;
    private ActiveStores queried;

    @Override
    public void init(ProcessorContext<String, UsageIncrement> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.PREDICTIONS);
        this.pending = context.getStateStore(StoreNames.PENDING_USAGE);
        this.queried = ActiveStores.from(context.appConfigs());
        queried.add(context, store);
        context.schedule(FLUSH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    @Override
    public void close() {
        queried.remove(context, store);
    }

    @Override
    public void process(Record<String, Prediction> record) {
        Prediction prediction = record.value();
        String id = prediction.getPredictionId();
        if (contains(id)) {
            return;
        }
        long time = prediction.getEventTime().toEpochMilli();
        store.put(id, prediction, time);
        String modelVersion = NodeIds.modelVersion(prediction.getModel().getName(), prediction.getModel().getVersion());
        count(UsageKeys.modelVersion(modelVersion), time);
        for (DatasetHash feature : prediction.getFeatures()) {
            if (feature.getContentHash() != null) {
                String version = NodeIds.datasetVersion(feature.getDataset().getNamespace(),
                        feature.getDataset().getName(), feature.getContentHash());
                count(UsageKeys.featureVersion(version, modelVersion), time);
            }
        }
    }

    /**
     * Usage is counted in a changelogged store and sent on in bulk: a few increments per usage key and flush
     * instead of one record per prediction and key through the repartition topic. Exactly-once holds because the
     * pending counts are state like any other.
     */
    private void count(String key, long time) {
        pending.put(key, UsageCounts.add(pending.get(key), 1, time, time));
    }

    private void flush(long now) {
        List<KeyValue<String, UsageStats>> due = new ArrayList<>();
        try (KeyValueIterator<String, UsageStats> all = pending.all()) {
            all.forEachRemaining(due::add);
        }
        for (KeyValue<String, UsageStats> entry : due) {
            context.forward(new Record<>(entry.key, new UsageIncrement(entry.value.getCount(),
                    entry.value.getFirst(), entry.value.getLast()), now));
            pending.delete(entry.key);
        }
    }

    /**
     * Whether the prediction is stored already, in any segment. The long-based fetch: the Instant-based one formats
     * a validation message with String.format on every call, which showed in the profile of this hot path.
     */
    private boolean contains(String id) {
        try (WindowStoreIterator<Prediction> found = store.fetch(id, 0L, Long.MAX_VALUE)) {
            return found.hasNext();
        }
    }
}
