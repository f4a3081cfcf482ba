package dev.pedigree.streams.internals;

import dev.pedigree.events.LineageAlert;
import dev.pedigree.schema.topic.EventKeys;
import dev.pedigree.streams.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Feeds the global alerts store from {@code pedigree.alerts}: key {@code namespace/name|alertId}. */
public final class AlertStoreUpdater implements Processor<String, LineageAlert, Void, Void> {

    private KeyValueStore<String, LineageAlert> store;

    /** The key of an alert in the alerts store; a dataset's alerts share the prefix {@code namespace/name|}. */
    public static String key(LineageAlert alert) {
        return EventKeys.of(alert) + "|" + alert.getAlertId();
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(StoreNames.ALERTS);
    }

    @Override
    public void process(Record<String, LineageAlert> record) {
        if (record.value() != null) {
            store.put(key(record.value()), record.value());
        }
    }
}
