package dev.pedigree.streams.internals;

import dev.pedigree.graph.store.UsageIncrement;
import dev.pedigree.graph.store.UsageStats;
import dev.pedigree.streams.ActiveStores;
import dev.pedigree.streams.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keyed by usage key: counts predictions with the first and last time, in any arrival order. */
public final class UsageProcessor implements Processor<String, UsageIncrement, Void, Void> {

    private KeyValueStore<String, UsageStats> store;
    private ProcessorContext<Void, Void> context;
    private ActiveStores queried;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.PREDICTION_USAGE);
        this.queried = ActiveStores.from(context.appConfigs());
        queried.add(context, store);
    }

    @Override
    public void close() {
        queried.remove(context, store);
    }

    @Override
    public void process(Record<String, UsageIncrement> record) {
        store.put(record.key(), UsageCounts.add(store.get(record.key()), record.value().getCount(),
                record.value().getFirst(), record.value().getLast()));
    }
}
