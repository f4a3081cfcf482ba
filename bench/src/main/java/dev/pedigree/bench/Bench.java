package dev.pedigree.bench;

import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.embedded.FreePort;
import dev.pedigree.events.AlertType;
import dev.pedigree.events.ColumnProfile;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.graph.Direction;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.PredictionLookup;
import dev.pedigree.graph.TraversalLimits;
import dev.pedigree.graph.Walk;
import dev.pedigree.runtime.Folders;
import dev.pedigree.schema.ContentHash;
import dev.pedigree.schema.registry.RestSchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.serde.SpecificAvroDeserializer;
import dev.pedigree.schema.serde.SpecificAvroSerializer;
import dev.pedigree.schema.topic.EventKind;
import dev.pedigree.schema.topic.TopicNames;
import dev.pedigree.server.PedigreeServer;
import dev.pedigree.streams.InternalTopics;
import dev.pedigree.streams.StoreNames;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code bench/run}: loads a seeded workload through a real broker and the real processor and measures ingest,
 * freshness, alert latency, lookup latency, traversal, restore and memory, each beside a baseline measured in the
 * same run, then writes {@code docs/BENCHMARKS.md} and a CSV.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Pedigree's benchmarks.")
public final class Bench implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(Bench.class);

    /** Each way of traversing (walk, with details, HTTP, CTE) is timed this many times, after a warm-up. */
    private static final int TRAVERSAL_REPEATS = 200;
    /** The first fifth of the predictions warms the JIT on both sides of the ingest figure; not counted. */
    private static final int INGEST_WARM_UP_DIVISOR = 5;
    /** The seed of the graph ingest's warm-up chains: their run ids are not the main workload's. */
    private static final long GRAPH_WARM_UP_SEED_OFFSET = 500;
    /** Seeds of the profiled-ingest workloads: their run and prediction ids are not the main workload's. */
    private static final long PROFILED_SEED_OFFSET = 1_000;
    /** In the profiled-ingest benchmark: a new version of the feature table after this many predictions. */
    private static final int PREDICTIONS_PER_FEATURE_VERSION = 1_000;
    /** CPU use (in cores) under which the process counts as at rest before lookups are measured. */
    private static final double IDLE_CORES = 0.2;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    /** In this order; drift and profiled-ingest after the others: their sketches load the broker and RocksDB. */
    static final List<String> ALL = List.of("ingest", "freshness", "alerts", "lookup", "traversal", "memory",
            "restore", "drift", "profiled-ingest", "http-ingest", "columns", "audit", "profiling", "scale");
    /** The benchmarks that need no broker, processor or workload: they run after the others, on their own. */
    private static final Set<String> STANDALONE = Set.of("profiling", "scale");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", defaultValue = "all", description = "all, or a comma-separated list of: ${COMPLETION-CANDIDATES}",
            completionCandidates = Names.class)
    String scenarios;

    /** Untimed runs of each way of traversing before it is timed. */
    private Duration traversalWarmUp = Duration.ofSeconds(5);
    /**
     * Untimed fixed-rate lookups before the timed ones: the server and the client's fresh JVM take about 12 s to
     * keep up with 2,000 requests/s from cold (their JITs share the 2 cores).
     */
    private int lookupWarmUpSeconds = 20;
    /** Longest wait for the process to be at rest before lookups are measured. */
    private Duration idleTimeout = Duration.ofMinutes(3);

    @Option(names = "--predictions", defaultValue = "1000000") long predictions;
    @Option(names = "--chains", defaultValue = "25000") int chains;
    @Option(names = "--steps", defaultValue = "20") int steps;
    @Option(names = "--hub-chains", defaultValue = "50") int hubChains;
    @Option(names = "--scale-nodes", split = ",", defaultValue = "100000,1000000,10000000", description = "graph "
            + "sizes the scale benchmark builds the index at (10M nodes fit the default 3 GB heap)")
    List<Long> scaleNodes;
    @Option(names = "--lookup-rate", defaultValue = "2000", description = "requests/s of the fixed-rate load")
    int lookupRate;
    @Option(names = "--lookup-seconds", defaultValue = "20") int lookupSeconds;
    @Option(names = "--samples", defaultValue = "100", description = "freshness and alert samples") int samples;
    @Option(names = "--memory-minutes", defaultValue = "10") double memoryMinutes;
    @Option(names = "--work", defaultValue = "bench/target/work") Path work;
    @Option(names = "--out", defaultValue = "docs/BENCHMARKS.md") Path markdown;
    @Option(names = "--csv", defaultValue = "docs/benchmarks.csv") Path csv;
    @Option(names = "--png", description = "ingest over time, lookup latency by percentile and the graph index by "
            + "size (default: the --csv file's name with .png, so that a run written elsewhere leaves docs/ alone)")
    Path png;
    @Option(names = "--seed", defaultValue = "42") long seed;
    @Option(names = "--profile-mb", defaultValue = "1024", description = "size of the CSV the profiling benchmark "
            + "writes, in MB") long profileMegabytes;
    @Option(names = "--profiled-versions", defaultValue = "5000", description = "dataset versions sent with and "
            + "without column profiles") int profiledVersions;
    @Option(names = "--profiled-blocks", defaultValue = "3", description = "blocks of four timed runs (without, "
            + "with, with, without profiles) per profiled-ingest figure") int profiledBlocks;
    @Option(names = "--profiled-chains", defaultValue = "2500", description = "chains sent with and without "
            + "profiled sources") int profiledChains;
    @Option(names = "--profiled-predictions", defaultValue = "200000", description = "predictions sent with and "
            + "without profiled feature-table versions") long profiledPredictions;
    @Option(names = "--http-events", defaultValue = "200000", description = "predictions posted in batches (and "
            + "sent by the producer beside them)") long httpEvents;
    @Option(names = "--http-singles", defaultValue = "5000", description = "single-event requests timed one by one")
    int httpSingles;
    @Option(names = "--http-seconds", defaultValue = "15", description = "how long the 16 clients post single "
            + "events") double httpSeconds;
    @Option(names = "--column-chains", defaultValue = "40", description = "chains of the column graph, each of "
            + "--column-steps runs writing 100 columns") int columnChains;
    @Option(names = "--column-steps", defaultValue = "25") int columnSteps;
    @Option(names = "--column-ol-events", defaultValue = "2000", description = "OpenLineage events per block, with "
            + "and without column lineage") int columnOlEvents;
    @Option(names = "--smoke", description = "tiny sizes: checks that every benchmark runs, in about a minute")
    boolean smoke;

    /** The scenario names, for --help. */
    static final class Names extends ArrayList<String> {
        Names() {
            super(ALL);
        }
    }

    private final Results results = new Results();
    private final Charts charts = new Charts();
    private final BenchHttp http = new BenchHttp();
    private EmbeddedRuntime runtime;
    private RestSchemaRegistryClient registry;
    private SpecificAvroSerializer<SpecificRecord> valueSerializer;
    private KafkaProducer<String, SpecificRecord> producer;
    private Admin admin;
    private PedigreeServer instance;
    private PedigreeConfig config;
    private Workload workload;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (smoke) {
            predictions = 3_000;
            chains = 60;
            steps = 20;
            hubChains = 10;
            lookupRate = 200;
            lookupSeconds = 2;
            samples = 10;
            memoryMinutes = 0.1;
            profileMegabytes = 2;
            profiledVersions = 200;
            profiledChains = 60;
            profiledBlocks = 1;
            profiledPredictions = 3_000;
            httpEvents = 3_000;
            httpSingles = 200;
            httpSeconds = 2;
            columnChains = 2;
            columnSteps = 21;
            columnOlEvents = 100;
            scaleNodes = List.of(3_000L, 30_000L);
            traversalWarmUp = Duration.ofMillis(200);
            lookupWarmUpSeconds = 1;
            idleTimeout = Duration.ofSeconds(5);
        }
        Set<String> selected = Set.copyOf(scenarios.equals("all") ? ALL : List.of(scenarios.split(",")));
        workload = new Workload(seed, chains, steps, hubChains);
        Folders.deleteRecursively(work);
        Files.createDirectories(work);
        results.setup("command", "`" + command() + "`");
        boolean needsRuntime = selected.stream().anyMatch(name -> !STANDALONE.contains(name));
        if (needsRuntime) {
            results.setup("predictions stored", String.format(Locale.ROOT, "%,d", predictions));
            results.setup("graph", String.format(Locale.ROOT, "%,d nodes: %,d chains of %d steps, %d of them from "
                    + "one hub version (the ingest benchmark writes a fifth as many warm-up chains before them)",
                    workload.nodes(), chains, steps, hubChains));
            results.setup("broker", "KRaft broker in the same JVM (embedded runtime), registry in a child JVM");
        }
        try {
            if (needsRuntime) {
                runWithRuntime(selected);
            } else {
                log.info("{} only: no broker, processor or workload", selected);
            }
        } finally {
            stop();
        }
        if (selected.contains("profiling")) {
            ProfilingBench.run(results, work, profileMegabytes, seed);
        }
        if (selected.contains("scale")) {
            new GraphScaleBench(results, charts, this::repeat).run(scaleNodes, steps, hubChains, seed);
        }
        if (charts.isEmpty()) {
            results.write(markdown, csv, command(), null);
        } else {
            Path chart = png != null ? png : Results.beside(csv, ".png");
            charts.write(chart);
            results.write(markdown, csv, command(), chart);
        }
        return 0;
    }

    /** The benchmarks that run against the embedded runtime and a processor, in the order of {@link #ALL}. */
    private void runWithRuntime(Set<String> selected) throws Exception {
        start();
        ingest(selected.contains("ingest"));
        if (selected.contains("freshness")) {
            freshness();
        }
        if (selected.contains("alerts")) {
            alerts();
        }
        if (selected.contains("lookup")) {
            lookup();
        }
        if (selected.contains("traversal")) {
            traversal();
        }
        if (selected.contains("memory")) {
            memory();
        }
        if (selected.contains("restore")) {
            restore();
        }
        if (selected.contains("drift")) {
            drift();
        }
        if (selected.contains("profiled-ingest")) {
            profiledIngest();
        }
        if (selected.contains("columns")) {
            new ColumnBench(results, instance.httpUrl(), runtime.bootstrapServers(), producer,
                    () -> instance.router().graph(), this::repeat).run(columnChains, columnSteps, columnOlEvents,
                    work);
        }
        if (selected.contains("audit")) {
            awaitGraphSettled(Duration.ofMinutes(10));
            awaitIdle(idleTimeout);
            new AuditBench(results, runtime.bootstrapServers(), runtime.schemaRegistryUrl(), instance.httpUrl(),
                    producer, this::awaitPredictionsCounted).run(config, work, predictions, seed, workload,
                    lookupRate / 2, lookupWarmUpSeconds, lookupSeconds, !smoke);
        }
        if (selected.contains("http-ingest")) {
            try (KafkaProducer<String, SpecificRecord> unlingered = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 0),
                    new StringSerializer(), valueSerializer);
                    HttpIngestBench bench = new HttpIngestBench(results, instance.httpUrl(), producer, unlingered,
                            seed, () -> awaitIdle(idleTimeout), expected -> awaitPredictionsCounted(expected,
                                    Duration.ofMinutes(10), new Timeline("http-ingest")), new ProcessorPause())) {
                bench.run(httpEvents, httpSingles, httpSeconds);
            }
        }
    }

    /** The command as it was typed: {@code JAVA_OPTS} when set, and the arguments given. */
    private String command() {
        String javaOpts = System.getenv("JAVA_OPTS");
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return (javaOpts == null || javaOpts.isBlank() ? "" : "JAVA_OPTS=" + javaOpts + " ") + "bench/run"
                + (args.isEmpty() ? "" : " " + String.join(" ", args));
    }

    private void start() throws Exception {
        runtime = EmbeddedRuntime.start(work.resolve("home"));
        registry = new RestSchemaRegistryClient(new SchemaRegistryConfig(
                Map.of(SchemaRegistryConfig.URL, runtime.schemaRegistryUrl())));
        valueSerializer = new SpecificAvroSerializer<>(registry);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), valueSerializer);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()));
        // PEDIGREE_* variables of the environment tune the processor (e.g. PEDIGREE_ROCKSDB_MEMORY_BYTES).
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(Map.of(
                "PEDIGREE_HOME", work.resolve("pedigree").toString(),
                "PEDIGREE_HTTP_PORT", "0",
                "PEDIGREE_HTTP_HOST", "127.0.0.1",
                "PEDIGREE_ALERT_GRACE_MS", "2000",
                "PEDIGREE_KAFKA_APPLICATION_ID", "pedigree-bench"));
        environment.keySet().removeIf(k -> k.equals("PEDIGREE_BOOTSTRAP_SERVERS") || k.equals("PEDIGREE_SCHEMA_REGISTRY_URL"));
        if (smoke) {
            // The checkpoint-lag benchmark spans two intervals: two seconds each, not ten, in a smoke run.
            environment.put("PEDIGREE_AUDIT_CHECKPOINT_MS", "2000");
        }
        config = PedigreeConfig.load(null, environment);
        results.setup("processor", "one instance, exactly_once_v2, commit interval 100 ms, RocksDB budget "
                + (config.rocksDbMemoryBytes() >> 20) + " MiB of which write buffers "
                + (config.rocksDbWriteBufferBytes() >> 20) + " MiB, memtables of " + (config.rocksDbMemtableBytes() >> 20)
                + " MiB per store");
    }

    private void stop() {
        if (instance != null) {
            instance.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
        if (admin != null) {
            admin.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    private void ingest(boolean report) throws Exception {
        for (int v = 0; v < Workload.MODEL_VERSIONS; v++) {
            send(ModelVersion.newBuilder().setEventId("bm-" + seed + "-" + v).setEventTime(Instant.now())
                    .setProducer(Workload.PRODUCER).setName("bench-model").setVersion(Integer.toString(v))
                    .setTrainingRunId("r" + seed + "-0-" + steps).build());
        }
        long started = System.nanoTime();
        workload.predictions(0, predictions, this::send);
        producer.flush();
        double produced = predictions / ((System.nanoTime() - started) / 1e9);
        double raw = report ? rawConsumerRate(TopicNames.PREDICTIONS, predictions) : 0;
        long warmUp = predictions / INGEST_WARM_UP_DIVISOR;
        Timeline passThroughTimeline = new Timeline("pass-through topology, bytes in and out");
        double passThrough = report ? PassThrough.rate(runtime.bootstrapServers(), TopicNames.PREDICTIONS,
                warmUp, predictions, work.resolve("pass-through"), "bench-pass-predictions", passThroughTimeline) : 0;

        Timeline pedigreeTimeline = new Timeline("Pedigree, predictions counted");
        instance = PedigreeServer.start(config, runtime.bootstrapServers(), runtime.schemaRegistryUrl());
        instance.processor().awaitRunning(Duration.ofMinutes(5));
        long warmCounted = awaitPredictionsCounted(warmUp, Duration.ofMinutes(60), pedigreeTimeline);
        long warm = System.nanoTime();
        long counted = awaitPredictionsCounted(predictions, Duration.ofMinutes(60), pedigreeTimeline);
        double pedigree = (counted - warmCounted) / ((System.nanoTime() - warm) / 1e9);

        // The graph's code paths are not the predictions': a smaller round of other chains warms them (the JIT
        // compiled on one of the two cores for most of a cold round), as the pass-through is warm from its first run.
        Workload warmUpChains = new Workload(seed + GRAPH_WARM_UP_SEED_OFFSET, "bench-warm-up",
                Math.max(1, chains / INGEST_WARM_UP_DIVISOR), steps, 0);
        double cold = report ? graphIngest(warmUpChains, List.of()) : 0;
        double graph = graphIngest(workload, List.of());
        if (report) {
            charts.ingest(pedigreeTimeline);
            charts.ingest(passThroughTimeline);
            double graphPass = PassThrough.rate(runtime.bootstrapServers(), TopicNames.RUNS, 0, workload.runs(),
                    work.resolve("pass-through"), "bench-pass-runs", new Timeline("runs"));
            results.add("ingest", "predictions/s, Pedigree (stored, deduplicated, counted per model and feature "
                    + "version)", Results.number(pedigree, "/s"), "pass-through " + Results.number(passThrough, "/s")
                    + "; raw consumer " + Results.number(raw, "/s"), Results.ratio(pedigree, passThrough),
                    "producer alone: " + Results.number(produced, "/s") + "; both sides measured after the first "
                            + String.format(Locale.ROOT, "%,d", warmUp) + " (JIT warm-up)",
                    Results.Numbers.of(pedigree, passThrough, "predictions/s"));
            results.add("ingest", "run events/s into the graph (each run reads and writes a dataset version)",
                    Results.number(graph, "/s"), "pass-through " + Results.number(graphPass, "/s"),
                    Results.ratio(graph, graphPass), String.format(Locale.ROOT, "from the first send to the last node "
                            + "visible, after a warm-up round of %,d other runs (%s, cold)", warmUpChains.runs(),
                            Results.number(cold, "/s")),
                    Results.Numbers.of(graph, graphPass, "run events/s"));
        }
    }

    /**
     * Sends the workload's sources (with {@code profile} as their columns) and runs: run events/s from the first send
     * until the last run of every partition and its output are in the graph.
     */
    private double graphIngest(Workload chains, List<ColumnProfile> profile) throws InterruptedException {
        Map<Integer, RunEvent> lastPerPartition = new ConcurrentHashMap<>();
        log.info("Graph ingest: {} chains, {} runs", chains.chains(), chains.runs());
        long started = System.nanoTime();
        chains.sources(source -> send(DatasetVersion.newBuilder(source).setColumns(profile).build()));
        chains.runs(run -> producer.send(EventKind.record(run),
                (metadata, error) -> {
                    if (metadata != null) {
                        // Callbacks of one partition come in send order: the last one is the partition's last run.
                        lastPerPartition.put(metadata.partition(), run);
                    }
                }));
        producer.flush();
        awaitGraph(lastPerPartition, Duration.ofMinutes(60));
        return chains.runs() / ((System.nanoTime() - started) / 1e9);
    }

    private void freshness() throws Exception {
        Latencies predictionsSeen = new Latencies();
        Latencies runsSeen = new Latencies();
        for (int i = 0; i < samples; i++) {
            long n = predictions + i;
            List<Prediction> one = new ArrayList<>();
            workload.predictions(n, 1, one::add);
            long sent = System.nanoTime();
            producer.send(EventKind.record(one.get(0)));
            producer.flush();
            awaitHttp("/v1/predictions/" + one.get(0).getPredictionId() + "/provenance", sent, predictionsSeen);
            RunEvent run = RunEvent.newBuilder(firstRun()).setRunId("fresh-" + seed + "-" + i)
                    .setEventId("fresh-" + seed + "-" + i).build();
            sent = System.nanoTime();
            producer.send(EventKind.record(run));
            producer.flush();
            awaitHttp("/v1/lineage?node=" + enc(NodeIds.run(run.getRunId())) + "&depth=0", sent, runsSeen);
        }
        results.add("freshness", "prediction produced → visible in GET /v1/predictions/{id}/provenance",
                predictionsSeen.summary(), "-", "-", samples + " samples, commit interval 100 ms",
                Results.Numbers.latency(predictionsSeen));
        results.add("freshness", "run produced → visible in GET /v1/lineage", runsSeen.summary(), "-", "-",
                samples + " samples, through the graph topic and the global store", Results.Numbers.latency(runsSeen));
    }

    private void alerts() throws Exception {
        alertLatency("alerts", "dataset mutated in place: produced → alert consumed (read_committed)",
                AlertType.HASH_CHANGED_IN_PLACE, i -> dataset(new DatasetId("bench-alerts", "d" + i), "a" + i),
                i -> DatasetVersion.newBuilder(dataset(new DatasetId("bench-alerts", "d" + i), "a" + i))
                        .setContentHash(ContentHash.ofUtf8("b" + i + seed)).setEventId("bench-alert-b-" + seed + "-" + i)
                        .build());
    }

    /** A profiled feature table, then a version whose ctr column collapsed: produce → DISTRIBUTION_DRIFT. */
    private void drift() throws Exception {
        alertLatency("drift", "profiled version drifted: produced → DISTRIBUTION_DRIFT consumed (read_committed)",
                AlertType.DISTRIBUTION_DRIFT, i -> profiled(new DatasetId("bench-drift", "f" + i), "a" + i, 1.0),
                i -> profiled(new DatasetId("bench-drift", "f" + i), "b" + i, 0.0));
    }

    private void alertLatency(String benchmark, String figure, AlertType type,
            java.util.function.IntFunction<DatasetVersion> before, java.util.function.IntFunction<DatasetVersion> after)
            throws Exception {
        Latencies latency = new Latencies();
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + benchmark + "-" + seed,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        try (KafkaConsumer<String, LineageAlert> consumer = new KafkaConsumer<>(consumerConfig,
                new StringDeserializer(), new SpecificAvroDeserializer<>(LineageAlert.class, registry))) {
            consumer.subscribe(List.of(TopicNames.ALERTS));
            long warm = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (consumer.assignment().isEmpty() && System.nanoTime() < warm) {
                consumer.poll(Duration.ofMillis(100));
            }
            for (int i = 0; i < samples; i++) {
                send(before.apply(i));
                producer.flush();
                Thread.sleep(50);
                DatasetVersion changed = after.apply(i);
                long sent = System.nanoTime();
                send(changed);
                producer.flush();
                boolean seen = false;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!seen && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, LineageAlert> record : consumer.poll(Duration.ofMillis(5))) {
                        if (record.value().getType() == type
                                && changed.getContentHash().equals(record.value().getObservedHash())) {
                            latency.record((System.nanoTime() - sent) / 1_000);
                            seen = true;
                        }
                    }
                }
            }
        }
        results.add(benchmark, figure, latency.summary(), "-", "-", latency.count() + " of " + samples
                + " alerts seen", Results.Numbers.latency(latency));
    }

    /**
     * The cost of profiled dataset versions on the ingest paths: each workload without and with 10-column profiles,
     * after a warm-up in the order without, with, with, without ({@link #withoutAndWith}): graph ingest (chains whose sources are
     * observed, as in the ingest figure), prediction ingest with a new version of the feature table every
     * {@value #PREDICTIONS_PER_FEATURE_VERSION} predictions, and dataset versions alone (bigger records, a profile
     * store, a drift check per version).
     */
    private void profiledIngest() throws Exception {
        List<ColumnProfile> profile = features(10, 1.0);
        double[] graph = withoutAndWith(profile, (round, columns) -> graphIngest(new Workload(
                seed + PROFILED_SEED_OFFSET + round, "bench-profiled-" + round, profiledChains, steps, 0), columns));
        results.add("profiled-ingest", "run events/s into the graph, chains whose sources carry 10-column profiles",
                Results.number(graph[1], "/s"), "same chains without profiles " + Results.number(graph[0], "/s"),
                Results.ratio(graph[1], graph[0]), String.format(Locale.ROOT, "%,d chains of %d steps each, %d times "
                        + "each way after a warm-up", profiledChains, steps, 2 * profiledBlocks),
                Results.Numbers.of(graph[1], graph[0], "run events/s"));
        double[] predictions = withoutAndWith(profile, (round, columns) -> predictionIngest(
                seed + PROFILED_SEED_OFFSET + round, columns));
        results.add("profiled-ingest", "predictions/s with a profiled feature-table version every "
                        + PREDICTIONS_PER_FEATURE_VERSION, Results.number(predictions[1], "/s"),
                "same stream without profiles " + Results.number(predictions[0], "/s"),
                Results.ratio(predictions[1], predictions[0]), String.format(Locale.ROOT,
                        "%,d predictions, from the first send until all are counted, %d times each "
                        + "way", profiledPredictions, 2 * profiledBlocks),
                Results.Numbers.of(predictions[1], predictions[0], "predictions/s"));
        double[] versions = withoutAndWith(profile, (round, columns) -> datasetVersionsPerSecond(
                "bench-versions-" + round, columns));
        results.add("profiled-ingest", "dataset versions alone, 10 profiled columns each, produced → in the graph",
                Results.number(versions[1], "versions/s"), "same versions without profiles "
                        + Results.number(versions[0], "versions/s"), Results.ratio(versions[1], versions[0]),
                String.format(Locale.ROOT, "%,d versions of 200 datasets, %d times each way; a profiled version is "
                        + "%,d bytes on the wire, a plain one %,d", profiledVersions, 2 * profiledBlocks,
                        wireSize(profile), wireSize(List.of())),
                Results.Numbers.of(versions[1], versions[0], "versions/s"));
    }

    /** One timed run of a workload, the {@code round}-th, its dataset versions carrying {@code columns}. */
    @FunctionalInterface
    private interface ProfiledRun {
        double rate(int round, List<ColumnProfile> columns) throws Exception;
    }

    /**
     * The rate without profiles and the rate with: after an untimed run without (the JIT and the stores warm up),
     * {@code --profiled-blocks} blocks of without, with, with, without (ABBA), so that a machine that slows down as
     * the stores grow weighs on both alike; each rate is the harmonic mean of its runs (same work each: the events
     * over the summed times).
     */
    private double[] withoutAndWith(List<ColumnProfile> profile, ProfiledRun run) throws Exception {
        run.rate(0, List.of());
        double withoutTime = 0;
        double withTime = 0;
        List<String> rates = new ArrayList<>();
        for (int block = 0; block < profiledBlocks; block++) {
            int round = 1 + 4 * block;
            double without1 = run.rate(round, List.of());
            double with1 = run.rate(round + 1, profile);
            double with2 = run.rate(round + 2, profile);
            double without2 = run.rate(round + 3, List.of());
            withoutTime += 1 / without1 + 1 / without2;
            withTime += 1 / with1 + 1 / with2;
            rates.add(String.format(Locale.ROOT, "%.0f, %.0f, %.0f, %.0f", without1, with1, with2, without2));
        }
        log.info("Rates without, with, with, without, per block: {}", rates);
        int runs = 2 * profiledBlocks;
        return new double[] {runs / withoutTime, runs / withTime};
    }

    /**
     * Predictions interleaved with new versions of a feature table (carrying {@code profile} as their columns):
     * predictions/s from the first send until all are counted.
     */
    private double predictionIngest(long streamSeed, List<ColumnProfile> profile) throws Exception {
        Workload stream = new Workload(streamSeed, 1, 1, 0);
        long before = awaitPredictionsCounted(0, Duration.ofMinutes(1), new Timeline("before"));
        long started = System.nanoTime();
        for (long n = 0; n < profiledPredictions; n += PREDICTIONS_PER_FEATURE_VERSION) {
            DatasetId table = new DatasetId("bench-features-" + streamSeed, "user_features");
            send(DatasetVersion.newBuilder(dataset(table, streamSeed + "/" + n)).setVersionLabel(null)
                    .setEventId("bench-features-" + streamSeed + "-" + n).setColumns(profile).build());
            stream.predictions(n, Math.min(PREDICTIONS_PER_FEATURE_VERSION, profiledPredictions - n), this::send);
        }
        producer.flush();
        awaitPredictionsCounted(before + profiledPredictions, Duration.ofMinutes(30), new Timeline("predictions"));
        return profiledPredictions / ((System.nanoTime() - started) / 1e9);
    }

    private int wireSize(List<ColumnProfile> profile) {
        DatasetVersion version = DatasetVersion.newBuilder(dataset(new DatasetId("bench", "size"), "size"))
                .setColumns(profile).build();
        return valueSerializer.serialize(EventKind.of(version).topic(), version).length;
    }

    private double datasetVersionsPerSecond(String namespace, List<ColumnProfile> profile) throws Exception {
        List<String> ids = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < profiledVersions; i++) {
            DatasetId dataset = new DatasetId(namespace, "d" + (i % 200));
            DatasetVersion version = DatasetVersion.newBuilder(dataset(dataset, namespace + i)).setVersionLabel(null)
                    .setEventId(namespace + "-" + seed + "-" + i).setColumns(profile).build();
            send(version);
            ids.add(dev.pedigree.graph.NodeIds.datasetVersion(namespace, "d" + (i % 200), version.getContentHash()));
        }
        producer.flush();
        dev.pedigree.graph.GraphIndex index = instance.processor().graphIndex();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        int seen = 0;
        while (seen < ids.size() && System.nanoTime() < deadline) {
            // existsSince is Long.MAX_VALUE for a node the graph does not have (yet).
            while (seen < ids.size()
                    && index.existsSince(ids.get(seen), dev.pedigree.graph.GraphReader.LATEST) != Long.MAX_VALUE) {
                seen++;
            }
            Thread.sleep(20);
        }
        return seen / ((System.nanoTime() - start) / 1e9);
    }

    /** A profiled feature table's version: 2,000 users' ctr scaled by {@code scale} (0: the integer-division bug). */
    private DatasetVersion profiled(DatasetId dataset, String content, double scale) {
        return DatasetVersion.newBuilder(dataset(dataset, content)).setVersionLabel(null)
                .setEventId("bench-drift-" + seed + "-" + content).setColumns(features(3, scale)).build();
    }

    private List<ColumnProfile> features(int columns, double scale) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            names.add("f" + c);
        }
        dev.pedigree.connectors.profiling.ColumnProfiler profiler =
                new dev.pedigree.connectors.profiling.ColumnProfiler(names);
        java.util.Random random = new java.util.Random(seed);
        Object[] row = new Object[columns];
        for (int user = 0; user < 2_000; user++) {
            for (int c = 0; c < columns; c++) {
                row[c] = c == 0 ? Math.floor(random.nextDouble() * 0.06 * scale * 1e4) / 1e4 : random.nextGaussian();
            }
            profiler.addRow(row);
        }
        return profiler.profiles();
    }

    private void lookup() throws Exception {
        Random random = new Random(seed);
        awaitGraphSettled(Duration.ofMinutes(10));
        awaitIdle(idleTimeout);
        // Young collections only run while something allocates: what the ingest left in the survivor spaces would be
        // copied again by each collection during the lookups until it is old enough to promote. A full collection
        // first, as JMH does between iterations, measures the server as it runs after a while, not just after a load.
        System.gc();
        LookupClient.Figures load = LookupClient.run(instance.httpUrl(), lookupRate, lookupWarmUpSeconds,
                lookupSeconds, Math.max(2, lookupSeconds / 2), predictions, seed, random.nextLong());
        LookupClient.Figures liveness = LookupClient.run(instance.httpUrl(), LookupClient.LIVENESS, lookupRate,
                lookupWarmUpSeconds, lookupSeconds, 0, predictions, seed, random.nextLong());
        long errors = load.errors();
        Latencies fixed = load.fixedRate();

        Latencies floor = new Latencies();
        ReadOnlyWindowStore<String, Prediction> store = instance.processor().streams().store(
                StoreQueryParameters.fromNameAndType(StoreNames.PREDICTIONS, QueryableStoreTypes.windowStore()));
        for (int i = 0; i < 20_000; i++) {
            String id = workload.predictionId(Math.floorMod(random.nextLong(), predictions));
            long before = System.nanoTime();
            if (PredictionLookup.find(store, id).isEmpty()) {
                errors++;
            }
            floor.record(Math.max(1, (System.nanoTime() - before) / 1_000));
        }
        long total = (long) lookupRate * lookupSeconds;
        charts.latencies(String.format(Locale.ROOT, "over HTTP at %,d requests/s", lookupRate), fixed.histogram());
        charts.latencies("store read (the floor)", floor.histogram());
        results.add("lookup", String.format(Locale.ROOT, "GET /v1/predictions/{id}/provenance at a fixed %,d "
                + "requests/s for %d s after %d s of warm-up (latency from the intended send time)", lookupRate,
                lookupSeconds, lookupWarmUpSeconds), fixed.summary(),
                "store read " + floor.summary(), Results.ratio(fixed.percentileMillis(99), floor.percentileMillis(99))
                + " (p99)", String.format(Locale.ROOT, "%,d requests from %d senders in a client JVM of their own, "
                        + "%d errors, %,d predictions stored", total, LookupClient.SENDERS, errors, predictions),
                Results.Numbers.latency(fixed, floor, 99));
        LookupClient.addFloorRow(results, "lookup", "GET /v1/predictions/{id}/provenance", load, liveness,
                lookupRate);
        results.add("lookup", String.format(Locale.ROOT, "saturation: %d concurrent clients, closed loop",
                LookupClient.SATURATION_CLIENTS), Results.number(load.saturation(), "req/s"), "-", "-",
                "client JVM and server share the 2 cores", Results.Numbers.of(load.saturation(), "req/s"));
    }

    private void traversal() throws Exception {
        String hub = workload.hubId();
        GraphReader graph = instance.router().graph();
        TraversalLimits limits = new TraversalLimits(20, 100_000);
        StringBuilder edges = new StringBuilder();
        workload.edges(edge -> edges.append(edge[0]).append(',').append(edge[1]).append('\n'));
        try (Postgres postgres = Postgres.start(work.resolve("postgres"), FreePort.find())) {
            long loading = System.nanoTime();
            postgres.load(edges.toString());
            results.setup("PostgreSQL", String.format(Locale.ROOT, "Debian's PostgreSQL 15, edges table with "
                    + "indexes on both ends, loaded in %.1f s", (System.nanoTime() - loading) / 1e9));
            for (int depth : new int[] {5, 20}) {
                TraversalLimits budget = new TraversalLimits(depth, limits.maxNodes());
                String lineage = "/v1/lineage?node=" + enc(hub) + "&direction=downstream&depth=" + depth;
                // Each way is timed in its own loop, as the CTE is: the same warm caches on both sides.
                Latencies walk = repeat(() -> readAll(graph.reach(hub, Direction.DOWNSTREAM, budget,
                        GraphReader.LATEST)));
                Latencies withDetails = repeat(() -> graph.traverse(hub, Direction.DOWNSTREAM, budget,
                        GraphReader.LATEST));
                Latencies overHttp = repeat(() -> http.ok(url(lineage)).length);
                int answerBytes = http.ok(url(lineage)).length;
                Latencies nodesOverHttp = repeat(() -> http.ok(url(lineage + "&view=nodes")).length);
                int nodesBytes = http.ok(url(lineage + "&view=nodes")).length;
                Latencies relational = repeat(() -> postgres.downstream(hub, depth));
                int reached = graph.reach(hub, Direction.DOWNSTREAM, budget, GraphReader.LATEST).size();
                int rows = postgres.downstream(hub, depth).size();
                results.add("traversal", String.format(Locale.ROOT, "downstream of the hub, depth %d (%,d nodes "
                        + "reached; CTE: %,d)", depth, reached, rows), "walk " + walk.summary()
                        + "; with every node's details " + withDetails.summary() + "; HTTP " + overHttp.summary()
                        + String.format(Locale.ROOT, " (an answer of %,d bytes)", answerBytes),
                        "recursive CTE " + relational.summary(),
                        Results.ratio(relational.percentileMillis(50), walk.percentileMillis(50))
                                + " faster (walk, p50); over HTTP " + Results.ratio(relational.percentileMillis(50),
                                overHttp.percentileMillis(50)), "walk: the graph index, in-process: the nodes "
                                + "reached with their depths (and the edges followed), each node's id and depth read "
                                + "out of the answer as the CTE's rows are read into a map; "
                                + "details: also each node's record from RocksDB; HTTP: the JSON answer (each "
                                + "node's details from the HTTP API's cache of encoded nodes, warm after the first "
                                + "request). Same hops on both sides: every edge is one hop",
                        Results.Numbers.latency(overHttp, relational, 50).speedup());
                results.add("traversal", String.format(Locale.ROOT, "the same downstream over HTTP with view=nodes, "
                        + "depth %d", depth), "HTTP " + nodesOverHttp.summary() + String.format(Locale.ROOT,
                        " (an answer of %,d bytes)", nodesBytes), "recursive CTE " + relational.summary(),
                        Results.ratio(relational.percentileMillis(50), nodesOverHttp.percentileMillis(50))
                                + " faster (p50)", "each node's id, kind, first seen and depth, no details or edges: "
                                + "what the CTE answers (node, depth)",
                        Results.Numbers.latency(nodesOverHttp, relational, 50).speedup());
            }
        }
    }

    /** Reads every node's id and depth out of a walk, as the CTE's rows are read: the answer used, not just made. */
    static long readAll(Walk walk) {
        long read = 0;
        for (int i = 0; i < walk.size(); i++) {
            read += walk.id(i).length() + walk.depth(i);
        }
        return read;
    }

    /**
     * Latencies of {@link #TRAVERSAL_REPEATS} runs of {@code task}, after untimed runs for at least as many times and
     * {@link #traversalWarmUp} (the JIT compiles a short task only after thousands of runs).
     */
    private Latencies repeat(Callable<?> task) throws Exception {
        long warm = System.nanoTime() + traversalWarmUp.toNanos();
        for (int i = 0; i < TRAVERSAL_REPEATS || System.nanoTime() < warm; i++) {
            task.call();
        }
        Latencies latencies = new Latencies();
        for (int i = 0; i < TRAVERSAL_REPEATS; i++) {
            long before = System.nanoTime();
            task.call();
            latencies.record((System.nanoTime() - before) / 1_000);
        }
        return latencies;
    }

    private void memory() throws Exception {
        double rocksBudget = config.rocksDbMemoryBytes() / (double) (1 << 20);
        long end = System.nanoTime() + (long) (memoryMinutes * 60e9);
        long maxRss = 0;
        long maxHeap = 0;
        long sum = 0;
        int n = 0;
        long next = predictions + samples + 1;
        Random random = new Random(seed);
        while (System.nanoTime() < end) {
            workload.predictions(next, 1_000, this::send);
            next += 1_000;
            for (int i = 0; i < 50; i++) {
                http.status(url("/v1/predictions/" + workload.predictionId(Math.floorMod(random.nextLong(),
                        predictions)) + "/provenance"));
            }
            Thread.sleep(1_000);
            long rss = rssBytes();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            maxRss = Math.max(maxRss, rss);
            maxHeap = Math.max(maxHeap, heap);
            sum += rss;
            n++;
        }
        results.add("memory", String.format(Locale.ROOT, "RSS and heap over %.1f min (1,000 predictions/s and 50 "
                + "lookups/s)", memoryMinutes), String.format(Locale.ROOT, "RSS max %d MiB (mean %d), heap max %d MiB",
                        maxRss >> 20, n == 0 ? 0 : (sum / n) >> 20, maxHeap >> 20),
                String.format(Locale.ROOT, "RocksDB budget %.0f MiB", rocksBudget), "-",
                "the JVM also runs the broker; heap limit " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB",
                Results.Numbers.of(maxRss >> 20, "MiB (RSS max)"));
    }

    private void restore() throws Exception {
        instance.close();
        instance = null;
        Path state = config.home().resolve("state");
        Folders.deleteRecursively(state);
        List<String> topics = admin.listTopics().names().get().stream()
                .filter(t -> t.startsWith("pedigree-bench-") && t.endsWith("-changelog")).toList();
        List<String> restored = new ArrayList<>(topics);
        restored.add(InternalTopics.GRAPH);
        restored.add(TopicNames.ALERTS);
        long records = 0;
        for (String topic : restored) {
            records += endOffsetSum(topic);
        }
        long started = System.nanoTime();
        instance = PedigreeServer.start(config, runtime.bootstrapServers(), runtime.schemaRegistryUrl());
        instance.processor().awaitRunning(Duration.ofMinutes(30));
        double seconds = (System.nanoTime() - started) / 1e9;
        long rawStarted = System.nanoTime();
        long read = 0;
        for (String topic : restored) {
            read += readAll(topic);
        }
        double rawRate = read / ((System.nanoTime() - rawStarted) / 1e9);
        results.add("restore", "state directory deleted → RUNNING again (changelogs + global graph and alerts)",
                String.format(Locale.ROOT, "%.1f s, %s", seconds, Results.number(records / seconds, "records/s")),
                "raw consumer " + Results.number(rawRate, "records/s"), Results.ratio(records / seconds, rawRate),
                String.format(Locale.ROOT, "%,d records in %d topics", records, restored.size()),
                Results.Numbers.of(records / seconds, rawRate, "records/s"));
    }

    // ---- helpers

    private void send(SpecificRecord event) {
        producer.send(EventKind.record(event));
    }

    private DatasetVersion dataset(DatasetId dataset, String content) {
        return DatasetVersion.newBuilder().setEventId("bench-alert-" + seed + "-" + content)
                .setEventTime(Instant.now()).setProducer(Workload.PRODUCER).setDataset(dataset)
                .setContentHash(ContentHash.ofUtf8(content + seed)).setVersionLabel("label").build();
    }

    private RunEvent firstRun() {
        RunEvent[] first = new RunEvent[1];
        new Workload(seed, 1, 1, 0).runs(run -> first[0] = run);
        return first[0];
    }

    /** Waits until at least {@code expected} predictions are counted; returns how many are. */
    private long awaitPredictionsCounted(long expected, Duration timeout, Timeline timeline) throws Exception {
        return awaitPredictionsCounted(instance.httpUrl(), expected, timeout, timeline);
    }

    /** Waits until the instance at {@code api} counts at least {@code expected} predictions; returns how many. */
    long awaitPredictionsCounted(String api, long expected, Duration timeout, Timeline timeline) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long counted = 0;
            for (int v = 0; v < Workload.MODEL_VERSIONS; v++) {
                BenchHttp.Answer response = http.get(api + "/v1/models/bench-model/versions/" + v);
                if (response.status() == 200) {
                    var matcher = java.util.regex.Pattern.compile("\"predictions\":\\{\"count\":(\\d+)")
                            .matcher(response.text());
                    if (matcher.find()) {
                        counted += Long.parseLong(matcher.group(1));
                    }
                }
            }
            timeline.sample(System.nanoTime(), counted);
            if (counted >= expected) {
                return counted;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("predictions not all counted within " + timeout);
    }

    private void awaitGraph(Map<Integer, RunEvent> lastPerPartition, Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long nextReport = started + PROGRESS_EVERY.toNanos();
        GraphReader graph = instance.router().graph();
        while (System.nanoTime() < deadline) {
            long done = lastPerPartition.values().stream().filter(run ->
                    graph.node(NodeIds.run(run.getRunId()), GraphReader.LATEST).isPresent()
                            && graph.node(Workload.id(run.getOutputs().get(0)), GraphReader.LATEST).isPresent())
                    .count();
            if (done == lastPerPartition.size()) {
                return;
            }
            if (System.nanoTime() > nextReport) {
                log.info("Graph: {} of {} partitions done, {} graph writes after {} s", done, lastPerPartition.size(),
                        instance.processor().graphIndex().writes(), (System.nanoTime() - started) / 1_000_000_000L);
                nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("graph not complete within " + timeout);
    }

    /** Kafka Streams' own pause of both applications of the processor: their stream threads stop processing. */
    private final class ProcessorPause implements HttpIngestBench.Consumption {

        @Override
        public void pause() {
            instance.processor().streams().pause();
            instance.processor().auditStreams().ifPresent(KafkaStreams::pause);
            log.info("Processor paused");
        }

        @Override
        public void resume() {
            instance.processor().streams().resume();
            instance.processor().auditStreams().ifPresent(KafkaStreams::resume);
            log.info("Processor resumed");
        }
    }

    /**
     * Waits until the processor has written everything it will into the graph store (no write for 2 s): lookups are
     * measured on a graph at rest, as the lookup figure is defined; the ingest figures cover a graph being written.
     */
    private void awaitGraphSettled(Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = instance.processor().graphIndex().writes();
            if (now == last) {
                log.info("Graph settled after {} ms ({} writes)", (System.nanoTime() - started) / 1_000_000, now);
                return;
            }
            last = now;
            Thread.sleep(2_000);
        }
        throw new IllegalStateException("the graph was still being written after " + timeout);
    }

    /**
     * Waits until this process uses less than {@link #IDLE_CORES} of CPU for two seconds in a row: RocksDB compacts
     * for a while after a large load, and lookups are measured on an instance at rest. Goes on after
     * {@code timeout}, saying so.
     */
    private static void awaitIdle(Duration timeout) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        int quietSeconds = 0;
        while (quietSeconds < 2 && System.nanoTime() < deadline) {
            long cpuBefore = os.getProcessCpuTime();
            long before = System.nanoTime();
            Thread.sleep(1_000);
            double cores = (os.getProcessCpuTime() - cpuBefore) / (double) (System.nanoTime() - before);
            quietSeconds = cores < IDLE_CORES ? quietSeconds + 1 : 0;
        }
        log.info(quietSeconds >= 2 ? "Process idle after {} ms" : "Process still busy after {} ms; measuring anyway",
                (System.nanoTime() - started) / 1_000_000);
    }

    private void awaitHttp(String path, long sentNanos, Latencies into) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (http.status(url(path)) == 200) {
                into.record((System.nanoTime() - sentNanos) / 1_000);
                return;
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException(path + " not visible within 30 s");
    }

    private String url(String path) {
        return instance.httpUrl() + path;
    }

    static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private double rawConsumerRate(String topic, long expected) {
        long started = System.nanoTime();
        long read = readAll(topic);
        return Math.min(read, expected) / ((System.nanoTime() - started) / 1e9);
    }

    /** Reads a topic from its beginning to its end offsets (read_committed); returns the records read. */
    private long readAll(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long read = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            return read;
        }
    }

    private long endOffsetSum(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    private static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return 0;
    }
}
