package dev.pedigree.config;

import dev.pedigree.audit.NoteKey;
import dev.pedigree.audit.NoteVerifier;
import dev.pedigree.graph.TraversalLimits;
import dev.pedigree.profiles.DriftSettings;
import dev.pedigree.schema.EventLimits;
import dev.pedigree.streams.StreamsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Pedigree's settings, each declared once with its default and documentation.
 *
 * <p>Sources, later ones winning: defaults, a properties file ({@code --config}), environment variables. Each
 * setting has an environment variable: {@code PEDIGREE_} + the key without its {@code pedigree.} prefix, upper
 * case, dots as underscores ({@code pedigree.http.port} → {@code PEDIGREE_HTTP_PORT},
 * {@code bootstrap.servers} → {@code PEDIGREE_BOOTSTRAP_SERVERS}). Any other key of the file passes through to the
 * Kafka clients and Streams, as does any variable {@code PEDIGREE_KAFKA_X_Y} (as {@code x.y}).
 */
public final class PedigreeConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String HTTP_PORT = "pedigree.http.port";
    public static final String HTTP_HOST = "pedigree.http.host";
    public static final String HTTP_ADVERTISED_HOST = "pedigree.http.advertised.host";
    public static final String HTTP_TLS_KEYSTORE_PATH = "pedigree.http.tls.keystore.path";
    public static final String HTTP_MAX_BODY_BYTES = "pedigree.http.max.body.bytes";
    public static final String HTTP_NODE_CACHE_BYTES = "pedigree.http.node.cache.bytes";
    public static final String LINEAGE_MAX_COLUMNS = "pedigree.lineage.max.columns";
    public static final String AUDIT_ENABLED = "pedigree.audit.enabled";
    public static final String AUDIT_KEY_PATH = "pedigree.audit.key.path";
    public static final String AUDIT_KEY_NAME = "pedigree.audit.key.name";
    public static final String AUDIT_PREVIOUS_KEYS = "pedigree.audit.previous.keys";
    public static final String AUDIT_CHECKPOINT_MS = "pedigree.audit.checkpoint.ms";
    public static final String AUDIT_DATA_RETENTION_MS = "pedigree.audit.data.retention.ms";
    /** EU AI Act Art. 19 asks for logs kept at least six months: 184 days is six months whatever the months. */
    public static final Duration DEFAULT_AUDIT_DATA_RETENTION = Duration.ofDays(184);
    public static final String HTTP_TLS_KEYSTORE_PASSWORD = "pedigree.http.tls.keystore.password";
    public static final String HOME = "pedigree.home";
    public static final String ALERT_GRACE_MS = "pedigree.alert.grace.ms";
    public static final String API_TOKEN = "pedigree.api.token";
    public static final String ALERT_WEBHOOK_URLS = "pedigree.alert.webhook.urls";
    public static final String ALERT_WEBHOOK_REDELIVERY_MS = "pedigree.alert.webhook.redelivery.ms";
    public static final String PREDICTION_RETENTION_MS = "pedigree.prediction.retention.ms";
    /** How long predictions are kept, by default: the processor's store and the topic alike. */
    public static final Duration DEFAULT_PREDICTION_RETENTION = Duration.ofDays(30);
    public static final String DRIFT_THRESHOLD = "pedigree.drift.threshold";
    public static final String DRIFT_CRITICAL = "pedigree.drift.critical";
    public static final String DRIFT_THRESHOLDS = "pedigree.drift.thresholds";
    public static final String DRIFT_REFERENCES = "pedigree.drift.references";
    public static final String ROCKSDB_MEMORY_BYTES = "pedigree.rocksdb.memory.bytes";
    public static final String ROCKSDB_WRITE_BUFFER_BYTES = "pedigree.rocksdb.write.buffer.bytes";
    public static final String ROCKSDB_MEMTABLE_BYTES = "pedigree.rocksdb.memtable.bytes";
    /**
     * 256 MiB, half for memtables: with 32 MiB of memtables, the memtables idle stores keep (e.g. a million
     * predictions) filled the write buffer manager, and then every write to another store flushed that store's
     * tiny memtable: graph ingest fell from 4,000 to 100 runs/s (docs/MEASUREMENTS.md).
     */
    public static final long DEFAULT_ROCKSDB_MEMORY_BYTES = 256L << 20;
    public static final long DEFAULT_ROCKSDB_WRITE_BUFFER_BYTES = 128L << 20;
    /**
     * 4 MiB per store (Kafka Streams' default is 16 MiB): a store that stops being written keeps its last memtable,
     * and the ~50 stores of 8 partitions holding 16 MiB each would fill the write buffers above and make every write
     * flush; at 4 MiB they hold far less than the write buffer manager's limit (docs/MEASUREMENTS.md).
     */
    public static final long DEFAULT_ROCKSDB_MEMTABLE_BYTES = 4L << 20;
    public static final String TRAVERSAL_MAX_DEPTH = "pedigree.traversal.max.depth";
    public static final String TRAVERSAL_MAX_NODES = "pedigree.traversal.max.nodes";

    private static final String ENV_PREFIX = "PEDIGREE_";
    private static final String KAFKA_ENV_PREFIX = "PEDIGREE_KAFKA_";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, null, Importance.HIGH,
                    "Kafka bootstrap servers. Unset: the embedded broker with --embedded, else the endpoints of a "
                            + "running embedded runtime in " + "PEDIGREE_HOME.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, null, Importance.HIGH,
                    "Confluent-compatible schema registry URL. Unset: as for bootstrap.servers.")
            .define(HTTP_PORT, Type.INT, 8080, Range.between(0, 65535), Importance.MEDIUM,
                    "Port of the HTTP API (0 picks a free one).")
            .define(HTTP_HOST, Type.STRING, "0.0.0.0", Importance.LOW,
                    "Interface the HTTP API listens on.")
            .define(HTTP_ADVERTISED_HOST, Type.STRING, "127.0.0.1", Importance.MEDIUM,
                    "Host name other instances use to reach this one's HTTP API (Kafka Streams "
                            + "application.server); in Kubernetes, the pod's stable DNS name.")
            .define(HTTP_MAX_BODY_BYTES, Type.LONG, 64L << 20, Range.atLeast(1024), Importance.MEDIUM,
                    "The largest body an ingestion route reads, in bytes, counted after gzip decoding (a larger "
                            + "one is refused with 413, a compressed one as soon as it decodes past the limit).")
            .define(HTTP_NODE_CACHE_BYTES, Type.LONG, 64L << 20, Range.atLeast(0), Importance.LOW,
                    "Heap kept for nodes' details encoded as JSON, in bytes: a traversal's answer copies them instead "
                            + "of reading each node from RocksDB. An entry goes when its node is written again, "
                            + "the least recently used when the cache is full (0: none kept).")
            .define(LINEAGE_MAX_COLUMNS, Type.INT, EventLimits.DEFAULT_MAX_COLUMN_REFERENCES, Range.atLeast(1),
                    Importance.LOW, "The most columns one run may name in its column lineage (outputs and inputs "
                            + "counted together): a run over it is refused with 400 over HTTP and sent to the "
                            + "dead-letter topic from Kafka.")
            .define(HTTP_TLS_KEYSTORE_PATH, Type.STRING, null, Importance.MEDIUM,
                    "A PKCS12 or JKS keystore with the server's certificate: when set, the HTTP API serves HTTPS "
                            + "only, and instances forward to each other over HTTPS (the JVM must trust the "
                            + "certificate, e.g. -Djavax.net.ssl.trustStore).")
            .define(HTTP_TLS_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                    "The keystore's password.")
            .define(HOME, Type.STRING, ".pedigree", Importance.MEDIUM,
                    "Where the embedded broker, registry and state stores keep their data.")
            .define(AUDIT_ENABLED, Type.BOOLEAN, true, Importance.LOW,
                    "Whether accepted events are appended to the tamper-evident audit log. Off forfeits the audit "
                            + "routes' proofs for events accepted meanwhile; for measurements and development.")
            .define(AUDIT_KEY_PATH, Type.STRING, null, Importance.HIGH,
                    "The Ed25519 private key (PKCS#8, PEM or DER) that signs the audit log's checkpoints. Unset: "
                            + "audit/signing-key.pem under pedigree.home, made on first start (keep it, and back it "
                            + "up: a new key cannot continue the old one's signatures).")
            .define(AUDIT_KEY_NAME, Type.STRING, null, Importance.LOW,
                    "The key's name on checkpoint signatures and in its verifier key. Unset: the application id.")
            .define(AUDIT_PREVIOUS_KEYS, Type.LIST, "", Importance.LOW,
                    "Verifier keys (name+keyid+base64) of keys that signed earlier checkpoints, after a rotation: "
                            + "listed by GET /v1/audit/key and accepted when proofs are verified.")
            .define(AUDIT_DATA_RETENTION_MS, Type.LONG, DEFAULT_AUDIT_DATA_RETENTION.toMillis(), Range.atLeast(60_000),
                    Importance.MEDIUM, "How long the audit log keeps each prediction's recorded event (by event "
                            + "time), in ms; its leaf hash, and so the proof that it was recorded, is kept for the "
                            + "life of the log. The other events are kept whole. EU AI Act Art. 19 asks for at "
                            + "least six months.")
            .define(AUDIT_CHECKPOINT_MS, Type.LONG, 10_000L, Range.atLeast(100), Importance.MEDIUM,
                    "How often each audit log that grew signs a checkpoint and publishes it to pedigree.audit, in "
                            + "ms.")
            .define(ALERT_GRACE_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.MEDIUM,
                    "How long to wait for a late declaring run or dataset event before alerting, in ms.")
            .define(ALERT_WEBHOOK_URLS, Type.LIST, "", Importance.MEDIUM,
                    "Comma-separated URLs each alert is POSTed to as JSON (each URL on its own, retried with "
                            + "backoff; never blocks processing).")
            .define(ALERT_WEBHOOK_REDELIVERY_MS, Type.LONG, 24L * 60 * 60 * 1000, Range.atLeast(1_000),
                    Importance.LOW, "How long an alert a webhook receiver does not take is kept and retried (at "
                            + "most once a minute) before it is abandoned, in ms (24 hours).")
            .define(API_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                    "When set, every /v1 and /api request needs 'Authorization: Bearer <token>'.")
            .define(PREDICTION_RETENTION_MS, Type.LONG, DEFAULT_PREDICTION_RETENTION.toMillis(), Range.atLeast(60_000),
                    Importance.MEDIUM, "How long predictions are kept for provenance lookups, in ms (30 days).")
            .define(DRIFT_THRESHOLD, Type.DOUBLE, DriftSettings.DEFAULTS.threshold(), Range.atLeast(0.0),
                    Importance.MEDIUM, "A column has drifted (DISTRIBUTION_DRIFT, WARNING) when its PSI against the "
                            + "previous version is at least this; also when its share of nulls moves by 0.1 or its "
                            + "type changes.")
            .define(DRIFT_CRITICAL, Type.DOUBLE, DriftSettings.DEFAULTS.critical(), Range.atLeast(0.0),
                    Importance.MEDIUM, "PSI from which a drift alert is CRITICAL.")
            .define(DRIFT_THRESHOLDS, Type.LIST, "", new DatasetMap(false), Importance.LOW,
                    "Thresholds per dataset, overriding " + DRIFT_THRESHOLD + ": 'namespace/name=0.5,…'.")
            .define(DRIFT_REFERENCES, Type.LIST, "", new DatasetMap(true), Importance.LOW,
                    "Reference versions per dataset that new versions are compared with instead of the version "
                            + "before them: 'namespace/name=sha256:…,…'.")
            .define(ROCKSDB_MEMORY_BYTES, Type.LONG, DEFAULT_ROCKSDB_MEMORY_BYTES, Range.atLeast(8L << 20),
                    Importance.MEDIUM,
                    "Off-heap memory of all RocksDB stores together: one shared block cache that also holds the "
                            + "write buffers, whatever the number of stores and partitions.")
            .define(ROCKSDB_WRITE_BUFFER_BYTES, Type.LONG, DEFAULT_ROCKSDB_WRITE_BUFFER_BYTES, Range.atLeast(1L << 20),
                    Importance.LOW, "The part of " + ROCKSDB_MEMORY_BYTES + " that memtables (write buffers) may "
                            + "use, at most half of it. Too small a part makes every write flush (see docs).")
            .define(ROCKSDB_MEMTABLE_BYTES, Type.LONG, DEFAULT_ROCKSDB_MEMTABLE_BYTES, Range.atLeast(256L << 10),
                    Importance.LOW, "The memtable of each store (RocksDB write_buffer_size): with many stores, their "
                            + "idle memtables together must stay well under " + ROCKSDB_WRITE_BUFFER_BYTES + ".")
            .define(TRAVERSAL_MAX_DEPTH, Type.INT, 20, Range.between(1, 1_000), Importance.LOW,
                    "Deepest traversal a query may ask for.")
            .define(TRAVERSAL_MAX_NODES, Type.INT, 5_000, Range.between(1, 1_000_000), Importance.LOW,
                    "Most nodes a traversal returns before it stops and says truncated.");

    private final Map<String, String> passThrough;

    private PedigreeConfig(Map<String, Object> values, Map<String, String> passThrough) {
        super(DEFINITION, values, false);
        this.passThrough = Map.copyOf(passThrough);
    }

    /** The same settings with one declared key replaced (the demo runs in its own home, for instance). */
    public PedigreeConfig with(String key, Object value) {
        if (!DEFINITION.names().contains(key)) {
            throw new IllegalArgumentException("not a Pedigree setting: " + key);
        }
        Map<String, Object> values = new HashMap<>(originals());
        values.keySet().retainAll(DEFINITION.names());
        values.put(key, value);
        return new PedigreeConfig(values, passThrough);
    }

    /** The declared settings, for documentation. */
    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    /** Loads from an optional properties file and the process environment. */
    public static PedigreeConfig load(Path file) {
        return load(file, System.getenv());
    }

    /** Loads from an optional properties file and the given environment. */
    public static PedigreeConfig load(Path file, Map<String, String> environment) {
        Map<String, Object> values = new HashMap<>();
        Map<String, String> passThrough = new HashMap<>();
        if (file != null) {
            readFile(file).forEach((key, value) -> put(key, value, values, passThrough));
        }
        environment.forEach((name, value) -> {
            if (name.startsWith(KAFKA_ENV_PREFIX)) {
                passThrough.put(toKey(name.substring(KAFKA_ENV_PREFIX.length())), value);
            } else if (name.startsWith(ENV_PREFIX)) {
                String key = keyOfEnvironmentVariable(name);
                if (key != null) {
                    values.put(key, value);
                }
            }
        });
        return new PedigreeConfig(values, passThrough);
    }

    /** The environment variable of a declared key. */
    public static String environmentVariable(String key) {
        String bare = key.startsWith("pedigree.") ? key.substring("pedigree.".length()) : key;
        return ENV_PREFIX + bare.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static String keyOfEnvironmentVariable(String name) {
        return DEFINITION.names().stream().filter(key -> environmentVariable(key).equals(name)).findFirst()
                .orElse(null);
    }

    private static void put(String key, String value, Map<String, Object> values, Map<String, String> passThrough) {
        if (DEFINITION.names().contains(key)) {
            values.put(key, value);
        } else {
            passThrough.put(key, value);
        }
    }

    private static String toKey(String environmentSuffix) {
        return environmentSuffix.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the configuration file " + file, e);
        }
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name).trim()));
        return map;
    }

    /** The bootstrap servers, or null when not configured. */
    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS);
    }

    /** The schema registry URL, or null when not configured. */
    public String schemaRegistryUrl() {
        return getString(SCHEMA_REGISTRY_URL);
    }

    public int httpPort() {
        return getInt(HTTP_PORT);
    }

    public String httpHost() {
        return getString(HTTP_HOST);
    }

    /** The largest decoded body an ingestion route reads. */
    public long httpMaxBodyBytes() {
        return getLong(HTTP_MAX_BODY_BYTES);
    }

    /** Heap for nodes' JSON ({@value #HTTP_NODE_CACHE_BYTES}). */
    public long httpNodeCacheBytes() {
        return getLong(HTTP_NODE_CACHE_BYTES);
    }

    /** The budgets on one event ({@value #LINEAGE_MAX_COLUMNS}). */
    public EventLimits eventLimits() {
        return new EventLimits(getInt(LINEAGE_MAX_COLUMNS));
    }

    public String httpAdvertisedHost() {
        return getString(HTTP_ADVERTISED_HOST);
    }

    /** The TLS keystore, or null for plain HTTP. */
    public Path tlsKeystore() {
        String path = getString(HTTP_TLS_KEYSTORE_PATH);
        return path == null || path.isBlank() ? null : Path.of(path);
    }

    public String tlsKeystorePassword() {
        Password password = getPassword(HTTP_TLS_KEYSTORE_PASSWORD);
        return password == null ? null : password.value();
    }

    public Path home() {
        return Path.of(getString(HOME));
    }

    /**
     * The key that signs audit checkpoints: read from {@value #AUDIT_KEY_PATH}, or from (made on first start)
     * {@code audit/signing-key.pem} under the home when that is unset.
     */
    public NoteKey auditKey() {
        Path path = getString(AUDIT_KEY_PATH) == null ? home().resolve("audit").resolve("signing-key.pem")
                : Path.of(getString(AUDIT_KEY_PATH));
        String name = getString(AUDIT_KEY_NAME) == null ? StreamsSettings.applicationId(this)
                : getString(AUDIT_KEY_NAME);
        try {
            if (getString(AUDIT_KEY_PATH) != null && !Files.exists(path)) {
                throw new ConfigException(AUDIT_KEY_PATH, path.toString(), "no such file");
            }
            return NoteKey.readOrCreate(name, path);
        } catch (IOException e) {
            throw new ConfigException(AUDIT_KEY_PATH, path.toString(), "cannot read or make the key: "
                    + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(AUDIT_KEY_PATH, path.toString(), e.getMessage());
        }
    }

    /** The verifier keys of earlier signing keys ({@value #AUDIT_PREVIOUS_KEYS}). */
    public List<NoteVerifier> auditPreviousKeys() {
        List<NoteVerifier> keys = new ArrayList<>();
        for (String key : getList(AUDIT_PREVIOUS_KEYS)) {
            try {
                keys.add(NoteVerifier.parse(key));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(AUDIT_PREVIOUS_KEYS, key, e.getMessage());
            }
        }
        return keys;
    }

    public boolean auditEnabled() {
        return getBoolean(AUDIT_ENABLED);
    }

    public Duration auditDataRetention() {
        return Duration.ofMillis(getLong(AUDIT_DATA_RETENTION_MS));
    }

    public Duration auditCheckpointInterval() {
        return Duration.ofMillis(getLong(AUDIT_CHECKPOINT_MS));
    }

    public long alertGraceMs() {
        return getLong(ALERT_GRACE_MS);
    }

    public List<String> alertWebhookUrls() {
        return getList(ALERT_WEBHOOK_URLS);
    }

    /** How long an undelivered alert is kept for redelivery to a webhook. */
    public Duration alertWebhookRedelivery() {
        return Duration.ofMillis(getLong(ALERT_WEBHOOK_REDELIVERY_MS));
    }

    /** The API token, or null when the API is open. */
    public String apiToken() {
        Password token = getPassword(API_TOKEN);
        return token == null || token.value().isEmpty() ? null : token.value();
    }

    public Duration predictionRetention() {
        return Duration.ofMillis(getLong(PREDICTION_RETENTION_MS));
    }

    public long rocksDbMemoryBytes() {
        return getLong(ROCKSDB_MEMORY_BYTES);
    }

    public long rocksDbWriteBufferBytes() {
        return getLong(ROCKSDB_WRITE_BUFFER_BYTES);
    }

    public long rocksDbMemtableBytes() {
        return getLong(ROCKSDB_MEMTABLE_BYTES);
    }

    /** When a new version of a dataset has drifted. */
    public DriftSettings drift() {
        Map<String, Double> thresholds = new HashMap<>();
        DatasetMap.entries(getList(DRIFT_THRESHOLDS)).forEach((dataset, value) ->
                thresholds.put(dataset, Double.parseDouble(value)));
        return new DriftSettings(getDouble(DRIFT_THRESHOLD), getDouble(DRIFT_CRITICAL), thresholds,
                DatasetMap.entries(getList(DRIFT_REFERENCES)));
    }

    public TraversalLimits traversalLimits() {
        return new TraversalLimits(getInt(TRAVERSAL_MAX_DEPTH), getInt(TRAVERSAL_MAX_NODES));
    }

    /** Kafka client and Streams settings given in the file or as {@code PEDIGREE_KAFKA_*} variables. */
    public Map<String, String> kafkaSettings() {
        return passThrough;
    }
}
