package dev.pedigree.graph;

import dev.pedigree.events.Prediction;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Finds a prediction by id in the predictions store (windowed by event time, so only predictions within the
 * retention are found). A point lookup: one get per store segment.
 */
public final class PredictionLookup {

    private PredictionLookup() {
    }

    public static Optional<Prediction> find(ReadOnlyWindowStore<String, Prediction> store, String predictionId) {
        // A store's own handle (see ActiveStores) takes the range in milliseconds; the read-only interface's Instant
        // variant formats an error message on every call, a tenth of what a provenance lookup allocated.
        try (WindowStoreIterator<Prediction> found = store instanceof WindowStore<String, Prediction> writable
                ? writable.fetch(predictionId, 0L, Long.MAX_VALUE)
                : store.fetch(predictionId, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            return found.hasNext() ? Optional.of(found.next().value) : Optional.empty();
        }
    }
}
