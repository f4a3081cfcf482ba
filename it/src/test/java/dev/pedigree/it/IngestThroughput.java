package dev.pedigree.it;

import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.events.Prediction;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.UsageStats;
import dev.pedigree.runtime.EmbeddedRuntime;
import dev.pedigree.schema.registry.RestSchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.serde.SpecificAvroSerializer;
import dev.pedigree.schema.topic.EventKeys;
import dev.pedigree.schema.topic.TopicNames;
import dev.pedigree.streams.Pipelines;
import dev.pedigree.streams.PedigreeProcessor;
import dev.pedigree.streams.StoreNames;
import dev.pedigree.graph.UsageKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A measurement, not a test: preloads N predictions (each reading one feature version) into the embedded broker,
 * then starts one processor instance (exactly-once) and prints how long it takes until every prediction is stored
 * and counted. Run: see docs/MEASUREMENTS.md.
 */
public final class IngestThroughput {

    private IngestThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        if (args.length > 1 && args[1].equals("runs")) {
            runs(count);
            return;
        }
        Path home = Files.createTempDirectory("pedigree-throughput");
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(home);
             RestSchemaRegistryClient registry = new RestSchemaRegistryClient(new SchemaRegistryConfig(
                     Map.of(SchemaRegistryConfig.URL, runtime.schemaRegistryUrl())))) {
            long produceStart = System.nanoTime();
            try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                    ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                    new StringSerializer(), new SpecificAvroSerializer<>(registry))) {
                for (SpecificRecord event : Pipelines.csvImputeScaleTrain()) {
                    if (!(event instanceof Prediction)) {
                        producer.send(new ProducerRecord<>(topic(event), key(event), event));
                    }
                }
                for (int i = 0; i < count; i++) {
                    Prediction p = Pipelines.prediction("p-" + i, "churn", "1", Pipelines.at(20 + i % 1000),
                            Pipelines.ref("warehouse", "users_scaled", Pipelines.hash("users scaled v1")));
                    producer.send(new ProducerRecord<>(TopicNames.PREDICTIONS, EventKeys.of(p), p));
                }
            }
            double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
            System.out.printf("preloaded %,d predictions in %.1f s (%,.0f/s producer side)%n", count, produceSeconds,
                    count / produceSeconds);

            long start = System.nanoTime();
            try (PedigreeProcessor processor = PedigreeProcessor.start(PedigreeConfig.load(null, Map.of()),
                    runtime.bootstrapServers(), runtime.schemaRegistryUrl(), home.resolve("state"))) {
                processor.awaitRunning(Duration.ofMinutes(2));
                String key = UsageKeys.modelVersion(NodeIds.modelVersion("churn", "1"));
                long counted = 0;
                while (counted < count && System.nanoTime() - start < Duration.ofMinutes(20).toNanos()) {
                    Thread.sleep(250);
                    try {
                        ReadOnlyKeyValueStore<String, UsageStats> usage = processor.streams().store(
                                StoreQueryParameters.fromNameAndType(StoreNames.PREDICTION_USAGE,
                                        QueryableStoreTypes.keyValueStore()));
                        UsageStats stats = usage.get(key);
                        counted = stats == null ? 0 : stats.getCount();
                    } catch (RuntimeException restoring) {
                        // not queryable yet
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("processed %,d predictions (stored, deduplicated, counted per model and feature "
                        + "version; %,d records through the topology incl. the usage repartition) in %.1f s: "
                        + "%,.0f predictions/s, exactly_once_v2, one instance, %d cores%n",
                        counted, counted * 3, seconds, counted / seconds, Runtime.getRuntime().availableProcessors());
            }
        }
    }

    /** N runs, each a START (one input) and a COMPLETE (one output): 2N events, 4N graph entries or more. */
    private static void runs(int count) throws Exception {
        Path home = Files.createTempDirectory("pedigree-throughput");
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(home);
             RestSchemaRegistryClient registry = new RestSchemaRegistryClient(new SchemaRegistryConfig(
                     Map.of(SchemaRegistryConfig.URL, runtime.schemaRegistryUrl())))) {
            try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                    ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                    new StringSerializer(), new SpecificAvroSerializer<>(registry))) {
                for (int i = 0; i < count; i++) {
                    String in = Pipelines.hash("in " + i);
                    String out = Pipelines.hash("out " + i);
                    for (dev.pedigree.events.RunEvent event : List.of(
                            Pipelines.run("run-" + i, "job-" + (i % 50), dev.pedigree.events.RunState.START,
                                    Pipelines.at(i % 1000), List.of(Pipelines.ref("lake", "t" + (i % 500), in)),
                                    List.of(), "c" + (i % 7), Map.of("p", Integer.toString(i))),
                            Pipelines.run("run-" + i, "job-" + (i % 50), dev.pedigree.events.RunState.COMPLETE,
                                    Pipelines.at(i % 1000 + 1), List.of(),
                                    List.of(Pipelines.ref("lake", "o" + (i % 500), out)), "c" + (i % 7), Map.of()))) {
                        producer.send(new ProducerRecord<>(TopicNames.RUNS, EventKeys.of(event), event));
                    }
                }
            }
            long start = System.nanoTime();
            try (PedigreeProcessor processor = PedigreeProcessor.start(PedigreeConfig.load(null, Map.of()),
                    runtime.bootstrapServers(), runtime.schemaRegistryUrl(), home.resolve("state"))) {
                processor.awaitRunning(Duration.ofMinutes(2));
                long versions = 0;
                while (versions < 2L * count && System.nanoTime() - start < Duration.ofMinutes(20).toNanos()) {
                    Thread.sleep(500);
                    try (KeyValueIterator<String, GraphEntry> nodes = processor.streams().store(
                            StoreQueryParameters.fromNameAndType(StoreNames.GRAPH,
                                    QueryableStoreTypes.<String, GraphEntry>keyValueStore()))
                            .prefixScan("N|datasetVersion:", new StringSerializer())) {
                        long seen = 0;
                        while (nodes.hasNext()) {
                            nodes.next();
                            seen++;
                        }
                        versions = seen;
                    } catch (RuntimeException restoring) {
                        // not queryable yet
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("processed %,d run events (%,d runs; the graph holds all %,d dataset versions they "
                        + "named) in %.1f s: %,.0f run events/s, exactly_once_v2, one instance, %d cores%n",
                        2L * count, count, versions, seconds, 2 * count / seconds,
                        Runtime.getRuntime().availableProcessors());
            }
        }
    }

    private static String topic(SpecificRecord event) {
        return switch (event.getSchema().getName()) {
            case "DatasetVersion" -> TopicNames.DATASETS;
            case "RunEvent" -> TopicNames.RUNS;
            case "ModelVersion" -> TopicNames.MODELS;
            default -> TopicNames.PREDICTIONS;
        };
    }

    private static String key(SpecificRecord event) {
        if (event instanceof dev.pedigree.events.DatasetVersion e) {
            return EventKeys.of(e);
        } else if (event instanceof dev.pedigree.events.RunEvent e) {
            return EventKeys.of(e);
        }
        return EventKeys.of((dev.pedigree.events.ModelVersion) event);
    }
}
