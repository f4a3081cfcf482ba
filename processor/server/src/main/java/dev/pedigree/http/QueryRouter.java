package dev.pedigree.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.pedigree.audit.AuditLog;
import dev.pedigree.audit.LogOrigin;
import dev.pedigree.audit.ProofBundle;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.Prediction;
import dev.pedigree.graph.GraphIndex;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.Impact;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.PredictionLookup;
import dev.pedigree.graph.UsageKeys;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.UsageStats;
import dev.pedigree.http.answers.Answers;
import dev.pedigree.http.answers.ColumnProfileView;
import dev.pedigree.profiles.DriftSettings;
import dev.pedigree.schema.topic.TopicNames;
import dev.pedigree.streams.ActiveStores;
import dev.pedigree.streams.PedigreeTopology;
import dev.pedigree.streams.StoreNames;
import dev.pedigree.streams.internals.AuditCheckpointStoreUpdater;
import dev.pedigree.streams.internals.StreamsAuditStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * The one place that knows where state lives and goes there (as {@code MetadataService} does in Kafka's
 * interactive-queries examples). The graph and the alerts are global: every read is local. Predictions and usage
 * counts are partitioned: a key is located ({@code queryMetadataForKey}), read from its partition when this
 * instance owns it (through the store's handle in {@link ActiveStores} while its task runs here), and otherwise
 * the request is forwarded to the owner's {@code application.server}, or, for usage counts, fetched from it in one
 * batched request per instance. A store that is restoring or migrating is a
 * 503 with {@code Retry-After}, never an empty answer; a forwarded request is never forwarded again.
 */
public final class QueryRouter implements Impact.UsageSource {

    /** Where a partitioned key lives: here (with its partition), or at another instance. */
    record Location(boolean local, int partition, HostInfo owner) {
    }

    /** What {@code POST /internal/v1/usage} is asked: counts of keys, and the readers of a feature version. */
    record UsageRequest(List<String> keys, String featureVersion) {
    }

    private static final StringSerializer KEYS = new StringSerializer();
    /** The topics whose partitions each have an audit log. */
    static final List<String> AUDITED_TOPICS = List.of(TopicNames.DATASETS, TopicNames.RUNS, TopicNames.MODELS,
            TopicNames.PREDICTIONS);
    private static final TypeReference<Impact.Usage> USAGE = new TypeReference<>() { };

    private final KafkaStreams streams;
    private final KafkaStreams auditStreams;
    private final ActiveStores activeStores;
    private final HostInfo self;
    private final GraphIndex graphIndex;
    private final Forwarder forwarder;
    private final String applicationId;

    /**
     * @param streams the provenance application
     * @param auditStreams the audit log's application (its own tasks, so its own owners of partitions); null when
     *     the audit log is off
     */
    QueryRouter(KafkaStreams streams, KafkaStreams auditStreams, ActiveStores activeStores, HostInfo self,
            GraphIndex graphIndex, Forwarder forwarder, String applicationId) {
        this.streams = streams;
        this.auditStreams = auditStreams;
        this.activeStores = activeStores;
        this.self = self;
        this.graphIndex = graphIndex;
        this.forwarder = forwarder;
        this.applicationId = applicationId;
    }

    /** The graph, complete on every instance. */
    public GraphReader graph() {
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

    /**
     * The prediction {@code id} when this instance owns its partition; empty when the request was forwarded to
     * the owner, which answered it.
     *
     * @throws ApiException 404 when this instance owns it and does not have it
     */
    Optional<Prediction> predictionOrForward(Context ctx, String id) {
        Location location = locate(streams.queryMetadataForKey(StoreNames.PREDICTIONS, id, KEYS));
        if (!location.local()) {
            forward(ctx, location);
            return Optional.empty();
        }
        ReadOnlyWindowStore<String, Prediction> store = partition(StoreNames.PREDICTIONS, location.partition(),
                QueryableStoreTypes.windowStore());
        return Optional.of(PredictionLookup.find(store, id).orElseThrow(() -> ApiException.notFound(
                "no prediction " + id + " (unknown, or older than the retention)")));
    }

    /**
     * The column profiles of dataset {@code namespace/name}'s versions (by version node id) when this instance owns
     * the dataset's partition; empty when the request was forwarded to the owner, which answered it.
     */
    Optional<ReadOnlyKeyValueStore<String, DatasetVersion>> profilesOrForward(Context ctx, String namespace,
            String name) {
        Location location = locateDataset(namespace + "/" + name);
        if (!location.local()) {
            forward(ctx, location);
            return Optional.empty();
        }
        return Optional.of(profilesAt(location));
    }

    /**
     * The columns that differ between two profiled versions of {@code dataset} ({@code namespace/name}), read
     * here or asked of the instance owning the dataset's partition; empty when either version has no profiles.
     */
    List<Answers.ColumnDiffView> changedColumns(String dataset, String from, String to, DriftSettings drift) {
        DatasetName named = DatasetName.of(dataset);
        Location location = locateDataset(dataset);
        Optional<Answers.DatasetDiff> diff;
        if (location.local()) {
            ReadOnlyKeyValueStore<String, DatasetVersion> profiles = profilesAt(location);
            DatasetVersion older = profiles.get(named.version(from));
            DatasetVersion newer = profiles.get(named.version(to));
            diff = older == null || newer == null ? Optional.empty()
                    : Optional.of(DatasetDiffs.of(dataset, older, newer, drift.thresholdOf(dataset)));
        } else {
            diff = fromOwner(location, named.path() + "/diff?from=" + encode(from) + "&to=" + encode(to),
                    Answers.DatasetDiff.class);
        }
        return diff.map(d -> d.columns().stream().filter(column -> !column.status().equals("SAME")).toList())
                .orElse(List.of());
    }

    /**
     * The column profiles of one version of {@code dataset} ({@code namespace/name}), read here or asked of the
     * instance owning the dataset's partition; empty when the version carried none.
     */
    List<ColumnProfileView> columns(String dataset, String hash) {
        DatasetName named = DatasetName.of(dataset);
        Location location = locateDataset(dataset);
        if (location.local()) {
            DatasetVersion profiled = profilesAt(location).get(named.version(hash));
            return profiled == null ? List.of() : profiled.getColumns().stream().map(ColumnProfileView::of).toList();
        }
        return fromOwner(location, named.path() + "/versions/" + encode(hash), VersionColumns.class)
                .map(VersionColumns::columns).orElse(List.of());
    }

    /** {@code namespace/name}, split at the last slash (a namespace may hold slashes, a name does not). */
    private record DatasetName(String namespace, String name) {
        static DatasetName of(String dataset) {
            int slash = dataset.lastIndexOf('/');
            return new DatasetName(dataset.substring(0, slash), dataset.substring(slash + 1));
        }

        String version(String hash) {
            return NodeIds.datasetVersion(namespace, name, hash);
        }

        /** The dataset's route, {@code /v1/datasets/{namespace}/{name}}. */
        String path() {
            return "/v1/datasets/" + encode(namespace) + "/" + encode(name);
        }
    }

    /** The part of the version route's answer another instance's report needs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record VersionColumns(List<ColumnProfileView> columns) {
    }

    /** An audit log found on this instance. */
    record LocatedLog(LogOrigin origin, AuditLog log) {
    }

    /**
     * The audit log {@code origin} when this instance holds its partition; empty when the request was forwarded to
     * the instance that does, which answered it.
     */
    Optional<AuditLog> auditLogOrForward(Context ctx, LogOrigin origin) {
        if (!origin.applicationId().equals(applicationId) || !AUDITED_TOPICS.contains(origin.topic())) {
            throw ApiException.notFound("no audit log " + origin + " (this application's logs are "
                    + applicationId + "/<topic>/<partition> for " + AUDITED_TOPICS + ")");
        }
        TopicPartition partition = new TopicPartition(origin.topic(), origin.partition());
        for (org.apache.kafka.streams.StreamsMetadata client : audit().metadataForAllStreamsClients()) {
            if (client.topicPartitions().contains(partition)) {
                if (!client.hostInfo().equals(self)) {
                    forward(ctx, new Location(false, origin.partition(), client.hostInfo()));
                    return Optional.empty();
                }
                return Optional.of(auditLogAt(origin));
            }
        }
        throw ApiException.notFound("no audit log " + origin + " (no such partition, or not assigned yet)");
    }

    /**
     * The audit log that holds the first event of {@code nodeId}, located by the node's Kafka key; empty when the
     * request was forwarded to the instance that holds it.
     */
    Optional<LocatedLog> auditLogOfNodeOrForward(Context ctx, String nodeId) {
        NodeLog located = auditLogOfNode(nodeId);
        if (located.log() == null) {
            forward(ctx, located.location());
            return Optional.empty();
        }
        return Optional.of(located.log());
    }

    /** Where a node's audit log is: here ({@code log}), or at another instance ({@code location}). */
    record NodeLog(LocatedLog log, Location location) {
    }

    /** The bundle another instance builds for a node's event; empty when it has none (404). */
    Optional<ProofBundle> remoteProof(Location location, String nodeId) {
        return fromOwner(location, "/v1/audit/proof?node=" + encode(nodeId), ProofBundle.class);
    }

    /** Locates the audit log of the partition a node's events are keyed to. */
    NodeLog auditLogOfNode(String nodeId) {
        NodeIds.ParsedId id = NodeIds.parse(nodeId);
        List<String> parts = id.parts();
        String[] topicAndKey = switch (id.kind()) {
            case DATASET_VERSION -> new String[] {TopicNames.DATASETS, parts.get(0) + "/" + parts.get(1)};
            case RUN -> new String[] {TopicNames.RUNS, parts.get(0)};
            case MODEL_VERSION -> new String[] {TopicNames.MODELS, parts.get(0) + "/" + parts.get(1)};
            case PREDICTION -> new String[] {TopicNames.PREDICTIONS, parts.get(0)};
            default -> throw ApiException.badRequest("node", "a " + id.kind() + " node is not created by one event; "
                    + "prove a dataset version, run, model version or prediction");
        };
        Location location = locate(audit().queryMetadataForKey(StoreNames.auditLog(topicAndKey[0]), topicAndKey[1],
                KEYS));
        if (!location.local()) {
            return new NodeLog(null, location);
        }
        LogOrigin origin = new LogOrigin(applicationId, topicAndKey[0], location.partition());
        return new NodeLog(new LocatedLog(origin, auditLogAt(origin)), location);
    }

    /** The audit logs of the partitions this instance holds. */
    List<LocatedLog> localAuditLogs() {
        List<LocatedLog> logs = new ArrayList<>();
        for (org.apache.kafka.streams.ThreadMetadata thread : audit().metadataForLocalThreads()) {
            for (org.apache.kafka.streams.TaskMetadata task : thread.activeTasks()) {
                for (TopicPartition partition : task.topicPartitions()) {
                    if (AUDITED_TOPICS.contains(partition.topic())) {
                        LogOrigin origin = new LogOrigin(applicationId, partition.topic(), partition.partition());
                        logs.add(new LocatedLog(origin, auditLogAt(origin)));
                    }
                }
            }
        }
        return logs;
    }

    /**
     * Asks every other instance for the same request (for an event id, whose log no key locates); true when one
     * answered it.
     */
    boolean askOthers(Context ctx) {
        if (ctx.header(Forwarder.FORWARDED_HEADER) != null) {
            return false;
        }
        String query = ctx.queryString();
        for (org.apache.kafka.streams.StreamsMetadata client : streams.metadataForAllStreamsClients()) {
            if (!client.hostInfo().equals(self)) {
                Forwarder.Answer answer = forwarder.get(client.hostInfo(), ctx.path() + (query == null ? ""
                        : "?" + query), "application/json");
                if (answer.status() == 200) {
                    ctx.status(200).contentType(answer.contentType()).result(answer.body());
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The signed checkpoints of this application's logs ({@code origin}'s alone when it is not null), oldest first
     * within each log. Other applications sharing the broker publish theirs to the same topic; they are not listed.
     */
    List<AuditLog.SignedCheckpoint> auditCheckpoints(String origin) {
        ReadOnlyKeyValueStore<String, byte[]> store = store(StoreQueryParameters.fromNameAndType(
                StoreNames.AUDIT_CHECKPOINTS, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        List<AuditLog.SignedCheckpoint> checkpoints = new ArrayList<>();
        String prefix = origin == null ? applicationId + "/" : AuditCheckpointStoreUpdater.prefix(origin);
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix, KEYS)) {
            it.forEachRemaining(entry -> checkpoints.add(AuditLog.SignedCheckpoint.of(entry.value)));
        }
        return checkpoints;
    }

    private AuditLog auditLogAt(LogOrigin origin) {
        return StreamsAuditStore.reading(partition(audit(), StoreNames.auditLog(origin.topic()),
                origin.partition(), QueryableStoreTypes.keyValueStore()));
    }

    /** The audit log's application; 404 when the audit log is off. */
    private KafkaStreams audit() {
        if (auditStreams == null) {
            throw ApiException.notFound("the audit log is off (pedigree.audit.enabled=false)");
        }
        return auditStreams;
    }

    /** Where dataset {@code namespace/name}'s partition lives: its history, its profiles. */
    private Location locateDataset(String dataset) {
        return locate(streams.queryMetadataForKey(StoreNames.DATASET_PROFILES, dataset, KEYS));
    }

    private ReadOnlyKeyValueStore<String, DatasetVersion> profilesAt(Location location) {
        return partition(StoreNames.DATASET_PROFILES, location.partition(), QueryableStoreTypes.keyValueStore());
    }

    /** {@code GET path} at the key's owner as {@code type}; empty on 404, 503 for any other failure. */
    private <T> Optional<T> fromOwner(Location location, String path, Class<T> type) {
        Forwarder.Answer answer = forwarder.get(location.owner(), path, "application/json");
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (answer.status() != 200) {
            throw ApiException.notReady("instance " + location.owner() + " answered " + answer.status() + " for "
                    + path);
        }
        try {
            return Optional.of(JacksonJsonMapper.MAPPER.readValue(answer.body(), type));
        } catch (IOException e) {
            throw ApiException.notReady("instance " + location.owner() + " answered unreadable JSON for " + path);
        }
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Usage counts wherever their partitions live: local ones read here, the rest fetched from their owners, one
     * request per owner.
     */
    @Override
    public Impact.Usage read(Collection<String> keys, String featureVersion) {
        Map<HostInfo, List<String>> remoteKeys = new LinkedHashMap<>();
        Map<String, Impact.Served> counts = new HashMap<>();
        for (String key : keys) {
            Location location = locateUsage(key);
            if (location.local()) {
                UsageStats stats = usageStore(location).get(key);
                if (stats != null) {
                    counts.put(key, Impact.Served.of(stats));
                }
            } else {
                remoteKeys.computeIfAbsent(location.owner(), owner -> new ArrayList<>()).add(key);
            }
        }
        Map<String, Impact.Served> readers = new HashMap<>();
        HostInfo readersOwner = null;
        if (featureVersion != null) {
            Location location = locateUsage(UsageKeys.featureVersionPrefix(featureVersion));
            if (location.local()) {
                readers.putAll(featureReaders(location, featureVersion));
            } else {
                readersOwner = location.owner();
                remoteKeys.computeIfAbsent(readersOwner, owner -> new ArrayList<>());
            }
        }
        for (Map.Entry<HostInfo, List<String>> remote : remoteKeys.entrySet()) {
            Impact.Usage answer = fetchUsage(remote.getKey(), new UsageRequest(remote.getValue(),
                    remote.getKey().equals(readersOwner) ? featureVersion : null));
            counts.putAll(answer.counts());
            readers.putAll(answer.featureReaders());
        }
        return new Impact.Usage(counts, readers);
    }

    /** {@code POST /internal/v1/usage}: what another instance's router asks this one; every key must be here. */
    Impact.Usage readLocal(UsageRequest request) {
        Map<String, Impact.Served> counts = new HashMap<>();
        for (String key : request.keys()) {
            UsageStats stats = usageStore(requireLocal(locateUsage(key))).get(key);
            if (stats != null) {
                counts.put(key, Impact.Served.of(stats));
            }
        }
        Map<String, Impact.Served> readers = request.featureVersion() == null ? Map.of()
                : featureReaders(requireLocal(locateUsage(UsageKeys.featureVersionPrefix(request.featureVersion()))),
                        request.featureVersion());
        return new Impact.Usage(counts, readers);
    }

    /** The model versions whose predictions read {@code featureVersion}, with how many did. */
    private Map<String, Impact.Served> featureReaders(Location location, String featureVersion) {
        Map<String, Impact.Served> readers = new HashMap<>();
        String prefix = UsageKeys.featureVersionPrefix(featureVersion);
        try (KeyValueIterator<String, UsageStats> it = usageStore(location).prefixScan(prefix, KEYS)) {
            it.forEachRemaining(entry -> readers.put(entry.key.substring(prefix.length()),
                    Impact.Served.of(entry.value)));
        }
        return readers;
    }

    private Impact.Usage fetchUsage(HostInfo owner, UsageRequest request) {
        String body;
        try {
            body = JacksonJsonMapper.MAPPER.writeValueAsString(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Forwarder.Answer answer = forwarder.post(owner, "/internal/v1/usage", body);
        if (answer.status() != 200) {
            throw ApiException.notReady("instance " + owner + " answered " + answer.status() + " for usage counts");
        }
        try {
            return JacksonJsonMapper.MAPPER.readValue(answer.body(), USAGE);
        } catch (IOException e) {
            throw ApiException.notReady("instance " + owner + " answered unreadable JSON for usage counts");
        }
    }

    /** Sends the whole request on to the key's owner and relays its answer. */
    private void forward(Context ctx, Location location) {
        if (ctx.header(Forwarder.FORWARDED_HEADER) != null) {
            throw ApiException.notReady("ownership of this key is moving between instances");
        }
        String query = ctx.queryString();
        String accept = ctx.header("Accept");
        Forwarder.Answer answer = forwarder.get(location.owner(), ctx.path() + (query == null ? "" : "?" + query),
                accept == null ? "application/json" : accept);
        ctx.status(answer.status()).contentType(answer.contentType()).result(answer.body());
    }

    private static Location requireLocal(Location location) {
        if (!location.local()) {
            throw ApiException.notReady("ownership of this key is moving between instances");
        }
        return location;
    }

    private Location locateUsage(String usageKey) {
        return locate(streams.queryMetadataForKey(StoreNames.PREDICTION_USAGE, usageKey,
                PedigreeTopology.<Void>usagePartitioner()));
    }

    private ReadOnlyKeyValueStore<String, UsageStats> usageStore(Location location) {
        return partition(StoreNames.PREDICTION_USAGE, location.partition(), QueryableStoreTypes.keyValueStore());
    }

    private Location locate(KeyQueryMetadata metadata) {
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw ApiException.notReady("the owner of this key is not known yet (rebalancing)");
        }
        return new Location(metadata.activeHost().equals(self), metadata.partition(), metadata.activeHost());
    }

    /** Store {@code name}'s {@code partition}, owned by this instance: its handle while the task runs here. */
    private <T> T partition(String name, int partition, QueryableStoreType<T> type) {
        return partition(streams, name, partition, type);
    }

    /** The same, in {@code application}'s stores. */
    private <T> T partition(KafkaStreams application, String name, int partition, QueryableStoreType<T> type) {
        T running = activeStores.get(name, partition, type);
        return running != null ? running : store(application, StoreQueryParameters.fromNameAndType(name, type)
                .withPartition(partition));
    }

    private <T> T store(StoreQueryParameters<T> parameters) {
        return store(streams, parameters);
    }

    private static <T> T store(KafkaStreams application, StoreQueryParameters<T> parameters) {
        try {
            return application.store(parameters);
        } catch (InvalidStateStoreException e) {
            throw ApiException.notReady("state is being restored or migrated: " + e.getMessage());
        }
    }
}
