package dev.pedigree.http;

import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.Prediction;
import dev.pedigree.graph.GraphIndex;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.PredictionLookup;
import dev.pedigree.graph.UsageKeys;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.UsageStats;
import dev.pedigree.streams.PedigreeTopology;
import dev.pedigree.streams.StoreNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * The one place that knows where state lives: the graph is global (every read is local); predictions and usage
 * counts are partitioned, so a key is read locally from its partition when this instance owns it, and otherwise
 * the caller is told which instance does. A store that is restoring or migrating is a 503, never an empty answer.
 */
final class StoreAccess {

    /** Where a partitioned key lives: here (with its partition), or at another instance. */
    record Location(boolean local, int partition, HostInfo owner) {
    }

    private static final StringSerializer KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final HostInfo self;
    private final GraphIndex graphIndex;

    StoreAccess(KafkaStreams streams, HostInfo self, GraphIndex graphIndex) {
        this.streams = streams;
        this.self = self;
        this.graphIndex = graphIndex;
    }

    GraphReader graph() {
        return new GraphReader(store(StoreQueryParameters.fromNameAndType(StoreNames.GRAPH,
                QueryableStoreTypes.<String, GraphEntry>keyValueStore())), graphIndex);
    }

    /** Alerts raised at or after {@code since}, newest first; only {@code dataset}'s when it is not null. */
    List<LineageAlert> alerts(String dataset, long since) {
        ReadOnlyKeyValueStore<String, LineageAlert> store = store(StoreQueryParameters.fromNameAndType(
                StoreNames.ALERTS, QueryableStoreTypes.<String, LineageAlert>keyValueStore()));
        List<LineageAlert> alerts = new ArrayList<>();
        try (KeyValueIterator<String, LineageAlert> it = dataset == null ? store.all()
                : store.prefixScan(dataset + "|", KEYS)) {
            it.forEachRemaining(entry -> {
                if (entry.value.getDetectedAt().toEpochMilli() >= since) {
                    alerts.add(entry.value);
                }
            });
        }
        alerts.sort((a, b) -> b.getDetectedAt().compareTo(a.getDetectedAt()));
        return alerts;
    }

    Location locatePrediction(String predictionId) {
        return locate(streams.queryMetadataForKey(StoreNames.PREDICTIONS, predictionId, KEYS));
    }

    Location locateUsage(String usageKey) {
        return locate(streams.queryMetadataForKey(StoreNames.PREDICTION_USAGE, usageKey,
                PedigreeTopology.<Void>usagePartitioner()));
    }

    Optional<Prediction> prediction(Location location, String predictionId) {
        ReadOnlyWindowStore<String, Prediction> store = store(StoreQueryParameters.fromNameAndType(
                StoreNames.PREDICTIONS, QueryableStoreTypes.<String, Prediction>windowStore())
                .withPartition(location.partition()));
        return PredictionLookup.find(store, predictionId);
    }

    UsageStats usage(Location location, String usageKey) {
        return usageStore(location).get(usageKey);
    }

    /** The model versions whose predictions read {@code datasetVersionId} as a feature. */
    List<String> modelVersionsReading(Location location, String datasetVersionId) {
        List<String> models = new ArrayList<>();
        String prefix = UsageKeys.featureVersionPrefix(datasetVersionId);
        try (KeyValueIterator<String, UsageStats> it = usageStore(location).prefixScan(prefix, KEYS)) {
            it.forEachRemaining(entry -> models.add(entry.key.substring(prefix.length())));
        }
        return models;
    }

    boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    private ReadOnlyKeyValueStore<String, UsageStats> usageStore(Location location) {
        return store(StoreQueryParameters.fromNameAndType(StoreNames.PREDICTION_USAGE,
                QueryableStoreTypes.<String, UsageStats>keyValueStore()).withPartition(location.partition()));
    }

    private Location locate(KeyQueryMetadata metadata) {
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw ApiException.notReady("the owner of this key is not known yet (rebalancing)");
        }
        return new Location(metadata.activeHost().equals(self), metadata.partition(), metadata.activeHost());
    }

    private <T> T store(StoreQueryParameters<T> parameters) {
        try {
            return streams.store(parameters);
        } catch (InvalidStateStoreException e) {
            throw ApiException.notReady("state is being restored or migrated: " + e.getMessage());
        }
    }
}
