package dev.pedigree.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * One set of labels for every state store's metrics. Kafka Streams names a store's tag after the kind of store
 * ({@code rocksdb-state-id}, {@code rocksdb-window-state-id}, {@code in-memory-state-id}…), while Prometheus wants
 * the same label names on every series of a metric: the window store's series of a metric that a key-value store
 * had registered first were refused (one WARN, then nothing). Each such tag becomes {@value #STORE_TYPE} (the kind,
 * as Kafka Streams spells it: {@code rocksdb}, {@code rocksdb-window}…) and {@value #STATE_ID} (the store's name).
 */
final class StateStoreTags implements MeterFilter {

    static final String STORE_TYPE = "store.type";
    static final String STATE_ID = "state.id";
    /** Kafka Streams' store metrics, as Micrometer names them. */
    private static final String STATE_METRICS = "kafka.stream.state.";
    /** Kafka's {@code -state-id} tag suffix, as Micrometer spells tag keys. */
    private static final String SUFFIX = ".state.id";

    @Override
    public Meter.Id map(Meter.Id id) {
        if (!id.getName().startsWith(STATE_METRICS)) {
            return id;
        }
        List<Tag> tags = new ArrayList<>();
        boolean renamed = false;
        for (Tag tag : id.getTagsAsIterable()) {
            String key = tag.getKey();
            if (key.endsWith(SUFFIX) && key.length() > SUFFIX.length()) {
                tags.add(Tag.of(STORE_TYPE, key.substring(0, key.length() - SUFFIX.length()).replace('.', '-')));
                tags.add(Tag.of(STATE_ID, tag.getValue()));
                renamed = true;
            } else {
                tags.add(tag);
            }
        }
        return renamed ? id.replaceTags(tags) : id;
    }
}
