package dev.pedigree.streams;

import dev.pedigree.audit.AuditLog;
import dev.pedigree.audit.NoteKey;
import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.Prediction;
import dev.pedigree.graph.GraphIndex;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.ProvenanceReader;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.UsageStats;
import dev.pedigree.profiles.DriftSettings;
import dev.pedigree.schema.registry.InMemorySchemaRegistry;
import dev.pedigree.schema.serde.SpecificAvroSerializer;
import dev.pedigree.schema.topic.EventKind;
import dev.pedigree.schema.topic.PedigreeTopics;
import dev.pedigree.schema.topic.TopicNames;
import dev.pedigree.streams.internals.AuditAppender;
import dev.pedigree.streams.internals.StreamsAuditStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The whole topology under {@link TopologyTestDriver}, with typed inputs and readers over its stores, and the audit
 * log's topology under a driver of its own fed the same input (as its application reads the same topics).
 */
public final class TopologyFixture implements AutoCloseable {

    /** The alert grace period of the fixture's topology. */
    static final Duration ALERT_GRACE = Duration.ofSeconds(10);

    final String scope = "topology-" + UUID.randomUUID();
    final PedigreeTopics topics = PedigreeTopics.using(InMemorySchemaRegistry.forScope(scope));
    final TopologyTestDriver driver;
    /** The audit log's application ({@link AuditLogTopology}). */
    final TopologyTestDriver auditDriver;
    /** How often the fixture's audit logs sign checkpoints (wall clock). */
    static final Duration AUDIT_CHECKPOINT = Duration.ofSeconds(10);
    /** How long the fixture's audit log keeps a prediction's data. */
    static final Duration AUDIT_DATA_RETENTION = Duration.ofDays(184);
    /** The key that signs the fixture's audit checkpoints. */
    final NoteKey auditKey = NoteKey.generate("pedigree-test");
    /** The writes to the global graph store, as the HTTP API's provenance cache sees them. */
    final GraphIndex graphIndex = new GraphIndex();
    final ActiveStores activeStores = new ActiveStores();
    private final Map<EventKind, TestInputTopic<String, SpecificRecord>> inputs = new EnumMap<>(EventKind.class);
    private final Map<EventKind, TestInputTopic<String, SpecificRecord>> auditInputs = new EnumMap<>(EventKind.class);
    private final Path stateDir;

    public TopologyFixture() {
        this(DriftSettings.DEFAULTS);
    }

    /** The topology with these drift settings. */
    public TopologyFixture(DriftSettings drift) {
        try {
            stateDir = Files.createTempDirectory("pedigree-ttd");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties props = StreamsSettings.of(PedigreeConfig.load(null, Map.of()), "127.0.0.1:9", stateDir);
        props.put(GraphIndex.CONFIG, graphIndex);
        props.put(ActiveStores.CONFIG, activeStores);
        props.put(AuditAppender.KEY_CONFIG, auditKey);
        TopologySettings settings = new TopologySettings(Duration.ofDays(30), ALERT_GRACE, drift, AUDIT_CHECKPOINT,
                AUDIT_DATA_RETENTION, true);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        driver = new TopologyTestDriver(PedigreeTopology.build(topics, settings), props, start);
        auditDriver = new TopologyTestDriver(AuditLogTopology.build(topics, settings),
                StreamsSettings.auditLogOf(props), start);
        for (EventKind kind : EventKind.values()) {
            inputs.put(kind, driver.createInputTopic(kind.topic(), new StringSerializer(),
                    new SpecificAvroSerializer<>(InMemorySchemaRegistry.forScope(scope))));
            auditInputs.put(kind, auditDriver.createInputTopic(kind.topic(), new StringSerializer(),
                    new SpecificAvroSerializer<>(InMemorySchemaRegistry.forScope(scope))));
        }
    }

    /** Sends any lineage event to its topic with its contract key. */
    public void send(SpecificRecord event) {
        EventKind kind = EventKind.of(event);
        Instant time = (Instant) ((GenericRecord) event).get("eventTime");
        inputs.get(kind).pipeInput(kind.key(event), event, time);
        auditInputs.get(kind).pipeInput(kind.key(event), event, time);
    }

    /** Sends raw bytes to a topic, as a broken producer would. */
    void sendRaw(String topic, String key, byte[] value) {
        for (TopologyTestDriver each : new TopologyTestDriver[] {driver, auditDriver}) {
            each.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer()).pipeInput(key, value);
        }
    }

    /** Lets wall-clock time pass, firing the punctuations (alert checks, usage flushes, audit checkpoints). */
    void advanceWallClock(Duration duration) {
        driver.advanceWallClockTime(duration);
        auditDriver.advanceWallClockTime(duration);
    }

    /** Every alert published to pedigree.alerts so far (and not read before). */
    public java.util.List<LineageAlert> alerts() {
        return driver.createOutputTopic(TopicNames.ALERTS, new StringDeserializer(),
                topics.alerts().valueSerde().deserializer()).readValuesToList();
    }

    /**
     * Sends an OpenLineage event, as the OpenLineage Kafka transport does; the native events it is translated into
     * go on to the audit log's application too, as on a broker.
     */
    void sendOpenLineage(String key, String json) {
        driver.createInputTopic(TopicNames.OPENLINEAGE, new StringSerializer(), new StringSerializer())
                .pipeInput(key, json);
        for (String topic : new String[] {TopicNames.RUNS, TopicNames.DATASETS}) {
            TestInputTopic<String, byte[]> audited = auditDriver.createInputTopic(topic, new StringSerializer(),
                    new ByteArraySerializer());
            driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer())
                    .readRecordsToList().forEach(audited::pipeInput);
        }
    }

    /** The audit log of {@code topic}'s (only) partition. */
    AuditLog auditLog(String topic) {
        return StreamsAuditStore.readingEveryLeaf(auditDriver.<String, byte[]>getKeyValueStore(
                StoreNames.auditLog(topic)));
    }

    /**
     * The signed checkpoints published to pedigree.audit so far (and not read before): origin → note. They go on
     * to the provenance topology's global checkpoint store, as on a broker.
     */
    java.util.List<KeyValue<String, String>> auditCheckpoints() {
        java.util.List<KeyValue<String, String>> checkpoints = auditDriver.createOutputTopic(TopicNames.AUDIT,
                new StringDeserializer(), new StringDeserializer()).readKeyValuesToList();
        driver.createInputTopic(TopicNames.AUDIT, new StringSerializer(), new StringSerializer())
                .pipeKeyValueList(checkpoints);
        return checkpoints;
    }

    KeyValueStore<String, GraphEntry> graphStore() {
        return driver.getKeyValueStore(StoreNames.GRAPH);
    }

    public GraphIndex graphIndex() {
        return graphIndex;
    }

    public GraphReader graph() {
        return new GraphReader(graphStore(), graphIndex);
    }

    public ProvenanceReader provenance() {
        return new ProvenanceReader(graph());
    }

    /** The usage counts, once the pending ones are flushed (a wall-clock punctuation of the prediction processor). */
    KeyValueStore<String, UsageStats> usage() {
        driver.advanceWallClockTime(dev.pedigree.streams.internals.PredictionProcessor.FLUSH_INTERVAL);
        return driver.getKeyValueStore(StoreNames.PREDICTION_USAGE);
    }

    WindowStore<String, Prediction> predictionStore() {
        return driver.getWindowStore(StoreNames.PREDICTIONS);
    }

    /** The whole global graph store as a sorted map, to compare two runs. */
    Map<String, GraphEntry> graphSnapshot() {
        return snapshot(graphStore());
    }

    /** Every entry of a graph store as a sorted map. */
    public static Map<String, GraphEntry> snapshot(ReadOnlyKeyValueStore<String, GraphEntry> store) {
        Map<String, GraphEntry> snapshot = new TreeMap<>();
        try (KeyValueIterator<String, GraphEntry> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, GraphEntry> entry = all.next();
                snapshot.put(entry.key, entry.value);
            }
        }
        return snapshot;
    }

    @Override
    public void close() {
        driver.close();
        auditDriver.close();
        InMemorySchemaRegistry.dropScope(scope);
    }
}
