package dev.pedigree.graph;

import dev.pedigree.events.Prediction;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Finds a prediction by id in the predictions store (windowed by event time, so only predictions within the
 * retention are found). A point lookup: one get per store segment.
 */
public final class PredictionLookup {

    private PredictionLookup() {
    }

    public static Optional<Prediction> find(ReadOnlyWindowStore<String, Prediction> store, String predictionId) {
        try (WindowStoreIterator<Prediction> found =
                store.fetch(predictionId, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            return found.hasNext() ? Optional.of(found.next().value) : Optional.empty();
        }
    }
}
