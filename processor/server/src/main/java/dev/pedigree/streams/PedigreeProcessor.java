package dev.pedigree.streams;

import dev.pedigree.audit.NoteKey;
import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.graph.GraphIndex;
import dev.pedigree.schema.registry.SchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryClients;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.topic.PedigreeTopics;
import dev.pedigree.streams.internals.AuditAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of the provenance topology: Kafka Streams with Pedigree's settings, its registry client,
 * and access to the graph for queries; beside it, unless the audit log is off, the audit log's application
 * ({@link AuditLogTopology}). Closing stops both (committing what was processed) and the client.
 */
public final class PedigreeProcessor implements AutoCloseable {

    /** How long the start waits, at most, for the broker to tell the partitions of the topics the topology reads. */
    private static final Duration STORE_COUNT_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(PedigreeProcessor.class);
    /** The applications' names in log lines. */
    static final String PROVENANCE = "Provenance";
    static final String AUDIT_LOG = "Audit log";

    private final SchemaRegistryClient registry;
    private final KafkaStreams streams;
    private final KafkaStreams auditStreams;
    private final GraphIndex graphIndex;
    private final ActiveStores activeStores;
    private final NoteKey auditKey;

    private PedigreeProcessor(SchemaRegistryClient registry, KafkaStreams streams, KafkaStreams auditStreams,
            GraphIndex graphIndex, ActiveStores activeStores, NoteKey auditKey) {
        this.registry = registry;
        this.streams = streams;
        this.auditStreams = auditStreams;
        this.graphIndex = graphIndex;
        this.activeStores = activeStores;
        this.auditKey = auditKey;
    }

    /** Builds and starts the topology against {@code bootstrapServers} and {@code registryUrl}. */
    public static PedigreeProcessor start(PedigreeConfig config, String bootstrapServers, String registryUrl,
            Path stateDir) {
        return start(config, bootstrapServers, registryUrl, stateDir, null, Restores.create());
    }

    /**
     * The same, advertising {@code applicationServer} ({@code host:port} of this instance's HTTP API) so other
     * instances can route queries for keys this one owns, and telling {@code restores} how the state stores'
     * restore goes (the start waits for the graph store's).
     */
    public static PedigreeProcessor start(PedigreeConfig config, String bootstrapServers, String registryUrl,
            Path stateDir, String applicationServer, Restores restores) {
        Map<String, Object> registryConfig = new HashMap<>(config.kafkaSettings());
        registryConfig.put(SchemaRegistryConfig.URL, registryUrl);
        SchemaRegistryClient registry = SchemaRegistryClients.create(registryConfig);
        Properties props = StreamsSettings.of(config, bootstrapServers, stateDir);
        if (applicationServer != null) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        String applicationId = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        StateGuard.wipeGlobalIfUncheckpointed(stateDir, applicationId);
        StateGuard.removeUnopenableStores(stateDir, applicationId);
        StateGuard.removeUnopenableStores(stateDir, StreamsSettings.auditApplicationId(applicationId));
        GraphIndex graphIndex = new GraphIndex();
        props.put(GraphIndex.CONFIG, graphIndex);
        ActiveStores activeStores = new ActiveStores();
        props.put(ActiveStores.CONFIG, activeStores);
        NoteKey auditKey = config.auditKey();
        props.put(AuditAppender.KEY_CONFIG, auditKey);
        PedigreeTopics topics = PedigreeTopics.using(registry, config.eventLimits());
        TopologySettings settings = TopologySettings.from(config);
        Topology topology = PedigreeTopology.build(topics, settings);
        Topology auditTopology = settings.audit() ? AuditLogTopology.build(topics, settings) : null;
        storeCount(auditTopology == null ? List.of(topology) : List.of(topology, auditTopology), props)
                .ifPresent(count -> props.put(RocksDbStoreCount.CONFIG, Integer.toString(count)));
        KafkaStreams auditStreams = null;
        if (auditTopology != null) {
            // Started first: it restores its logs while the provenance application restores the global graph.
            auditStreams = started(new KafkaStreams(auditTopology, StreamsSettings.auditLogOf(props)), AUDIT_LOG,
                    restores.auditLog());
        }
        KafkaStreams streams;
        try {
            streams = started(new KafkaStreams(topology, props), PROVENANCE, restores.provenance());
        } catch (RuntimeException e) {
            if (auditStreams != null) {
                auditStreams.close(Duration.ofSeconds(30));
            }
            throw e;
        }
        log.info("Processor {} started against {} (state in {})", applicationId, bootstrapServers, stateDir);
        if (auditStreams != null) {
            log.info("Audit log application {}; checkpoints are signed by {}",
                    StreamsSettings.auditApplicationId(applicationId),
                    auditKey.verifier().verifierKey());
        }
        return new PedigreeProcessor(registry, streams, auditStreams, graphIndex, activeStores, auditKey);
    }

    /**
     * Starts {@code streams}, logging its state changes and its stores' restores, and replacing a stream thread that
     * fails.
     */
    private static KafkaStreams started(KafkaStreams streams, String name, RestoreProgress restore) {
        streams.setStateListener((now, before) -> {
            log.info("{}: Kafka Streams {} -> {}", name, before, now);
            if (now == KafkaStreams.State.RUNNING) {
                restore.finish();
            }
        });
        streams.setGlobalStateRestoreListener(restore);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("{}: stream thread failed; replacing it", name, e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        return streams;
    }

    /**
     * The RocksDB instances {@code topologies} open when this instance runs all their tasks, from the partitions
     * of the topics they read; empty (each store's memtable then is the configured size) when the broker cannot say.
     */
    private static Optional<Integer> storeCount(List<Topology> topologies, Properties props) {
        List<TopologyDescription> descriptions = topologies.stream().map(Topology::describe).toList();
        Set<String> topics = new TreeSet<>();
        descriptions.forEach(description -> topics.addAll(RocksDbStoreCount.inputTopics(description)));
        Map<String, Integer> partitions = new HashMap<>();
        long deadline = System.nanoTime() + STORE_COUNT_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(new StreamsConfig(props).getAdminConfigs("pedigree-store-count"))) {
            admin.describeTopics(topics, new DescribeTopicsOptions().timeoutMs((int) STORE_COUNT_TIMEOUT.toMillis()))
                    .topicNameValues().forEach((topic, future) -> {
                try {
                    long left = Math.max(0, deadline - System.nanoTime());
                    partitions.put(topic, future.get(left, TimeUnit.NANOSECONDS).partitions().size());
                } catch (ExecutionException | TimeoutException e) {
                    log.debug("No partition count for {} ({}): counted as the widest input", topic, e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        if (partitions.isEmpty()) {
            log.warn("Could not read the partitions of {} from the broker: each RocksDB store gets the configured "
                    + "memtable size", topics);
            return Optional.empty();
        }
        return Optional.of(descriptions.stream().mapToInt(description -> RocksDbStoreCount.of(description,
                partitions, PedigreeTopology.WINDOW_STORES)).sum());
    }

    /** The provenance application's state, or the audit log's when that one is behind (not RUNNING). */
    public KafkaStreams.State state() {
        KafkaStreams.State provenance = streams.state();
        return provenance != KafkaStreams.State.RUNNING || auditStreams == null ? provenance : auditStreams.state();
    }

    /** Whether every application of this instance (provenance, audit log) is RUNNING. */
    public boolean isRunning() {
        return state() == KafkaStreams.State.RUNNING;
    }

    /** Waits until Streams is RUNNING; false when {@code timeout} passes first or Streams failed. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State state = state();
            if (state == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                return false;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** This instance's graph store's shape in memory; counts its writes (what the HTTP API's caches expire on). */
    public GraphIndex graphIndex() {
        return graphIndex;
    }

    /** The partitioned stores of this instance's running tasks, which its queries read directly. */
    public ActiveStores activeStores() {
        return activeStores;
    }

    /** The key that signs this processor's audit checkpoints. */
    public NoteKey auditKey() {
        return auditKey;
    }

    /** The schema registry client the topology's serdes use. */
    public SchemaRegistryClient registry() {
        return registry;
    }

    /** The provenance application's Kafka Streams instance, for store queries and metadata. */
    public KafkaStreams streams() {
        return streams;
    }

    /** The audit log application's Kafka Streams instance; empty when the audit log is off. */
    public Optional<KafkaStreams> auditStreams() {
        return Optional.ofNullable(auditStreams);
    }

    @Override
    public void close() {
        // Leaving the group hands this instance's partitions to the others at once, not after the session timeout.
        CloseOptions leave = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30));
        streams.close(leave);
        if (auditStreams != null) {
            auditStreams.close(leave);
        }
        registry.close();
    }
}
