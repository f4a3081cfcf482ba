package dev.pedigree.streams;

import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.graph.GraphIndex;
import dev.pedigree.graph.UsageKeys;
import dev.pedigree.graph.store.DatasetReference;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.ModelVersionState;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.PendingCheck;
import dev.pedigree.graph.store.RunState;
import dev.pedigree.graph.store.UsageIncrement;
import dev.pedigree.graph.store.UsageStats;
import dev.pedigree.schema.topic.PedigreeTopics;
import dev.pedigree.schema.topic.Topic;
import dev.pedigree.schema.topic.TopicNames;
import dev.pedigree.streams.internals.AlertStoreUpdater;
import dev.pedigree.streams.internals.AuditCheckpointStoreUpdater;
import dev.pedigree.streams.internals.DatasetInput;
import dev.pedigree.streams.internals.DatasetProcessor;
import dev.pedigree.streams.internals.GraphStoreUpdater;
import dev.pedigree.streams.internals.InternalSerde;
import dev.pedigree.streams.internals.ModelProcessor;
import dev.pedigree.streams.internals.OpenLineageTranslation;
import dev.pedigree.streams.internals.PassThroughSerde;
import dev.pedigree.streams.internals.PredictionProcessor;
import dev.pedigree.streams.internals.RunProcessor;
import dev.pedigree.streams.internals.UsageProcessor;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

/**
 * The provenance topology: a pure function of the topics' serdes and {@link TopologySettings}, with no broker or
 * CLI configuration, so tests drive it with {@code TopologyTestDriver}.
 *
 * <pre>
 * pedigree.openlineage → openlineage-translate → pedigree.runs, pedigree.datasets
 * pedigree.runs        → run-processor      → graph entries → pedigree.graph
 *                                           → dataset references (re-keyed by dataset) ┐
 * pedigree.datasets    ─────────────────────────────────────────────────────── merge ┴→ dataset-processor → pedigree.graph
 *                                                                                   → pedigree.alerts
 * pedigree.models      → model-processor    → pedigree.graph
 * pedigree.predictions → prediction-processor → usage (re-keyed) → usage-processor
 * pedigree.graph       → global graph store on every instance
 * pedigree.alerts      → global alerts store on every instance
 * pedigree.audit       → global audit-checkpoints store (the logs themselves: {@link AuditLogTopology})
 * </pre>
 * Every source, processor, sink, store and internal topic is named.
 */
public final class PedigreeTopology {

    /** The topology's window stores: each spans several segments, each a RocksDB instance of its own. */
    public static final Set<String> WINDOW_STORES = Set.of(StoreNames.PREDICTIONS);

    private PedigreeTopology() {
    }

    /**
     * The topology for {@code topics} and {@code settings}. Its processors take the running instance's graph index
     * from the Streams settings ({@link GraphIndex#CONFIG}), as Kafka Streams hands over a RocksDB config setter.
     */
    public static Topology build(PedigreeTopics topics, TopologySettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        InternalSerde<GraphEntry> graphSerde = InternalSerde.of(GraphEntry.class);
        Produced<String, GraphEntry> toGraph = Produced.with(Serdes.String(), graphSerde);

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.RUNS),
                Serdes.String(), InternalSerde.of(RunState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.DATASET_HISTORY),
                Serdes.String(), InternalSerde.of(Node.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.DATASET_PROFILES),
                Serdes.String(), InternalSerde.of(DatasetVersion.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.MODEL_VERSIONS),
                Serdes.String(), InternalSerde.of(ModelVersionState.class)));
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(StoreNames.PREDICTIONS,
                settings.predictionRetention(), Duration.ofMillis(1), false), Serdes.String(), InternalSerde.of(Prediction.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.PENDING_USAGE),
                Serdes.String(), InternalSerde.of(UsageStats.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.PREDICTION_USAGE),
                Serdes.String(), InternalSerde.of(UsageStats.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.PENDING_CHECKS),
                Serdes.String(), InternalSerde.of(PendingCheck.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.RAISED_ALERTS),
                Serdes.String(), Serdes.Long()));

        // OpenLineage (the Kafka transport): translated into native events on their own topics; an event that
        // cannot be translated fails in the processor and goes to the dead-letter topic.
        KStream<String, SpecificRecord> translated = builder.stream(TopicNames.OPENLINEAGE,
                        Consumed.with(Serdes.String(), Serdes.String()).withName("openlineage-source"))
                .process(OpenLineageTranslation::new, Named.as("openlineage-translate"));
        translated.mapValues(RunEvent.class::cast, Named.as(OpenLineageTranslation.RUNS))
                .to(topics.runs().name(), Produced.with(topics.runs().keySerde(), topics.runs().valueSerde())
                        .withName("openlineage-runs-sink"));
        translated.mapValues(DatasetVersion.class::cast, Named.as(OpenLineageTranslation.DATASETS))
                .to(topics.datasets().name(), Produced.with(topics.datasets().keySerde(),
                        topics.datasets().valueSerde()).withName("openlineage-datasets-sink"));

        // Runs: graph entries, and the dataset versions they name re-keyed by dataset. Each processor forwards
        // to its children by name; a child holds one type of record.
        KStream<String, RunEvent> runs = source(builder, topics.runs(), "runs-source");
        KStream<String, SpecificRecord> runOutputs = runs
                .process(RunProcessor::new, Named.as("run-processor"), StoreNames.RUNS);
        runOutputs.mapValues(GraphEntry.class::cast, Named.as(RunProcessor.GRAPH_ENTRIES))
                .to(InternalTopics.GRAPH, toGraph.withName("run-graph-sink"));
        KStream<String, DatasetInput> references = runOutputs
                .mapValues(DatasetReference.class::cast, Named.as(RunProcessor.DATASET_REFERENCES))
                .repartition(Repartitioned.<String, DatasetReference>as(InternalTopics.DATASET_REFERENCES)
                        .withKeySerde(Serdes.String()).withValueSerde(InternalSerde.of(DatasetReference.class)))
                .mapValues(DatasetInput.Referenced::new, Named.as("referenced-versions"));

        // Datasets: observed versions merged with the versions runs named; graph entries and alerts.
        long graceMs = settings.alertGrace().toMillis();
        KStream<String, DatasetVersion> datasets = source(builder, topics.datasets(), "datasets-source");
        KStream<String, SpecificRecord> datasetOutputs = datasets
                .<DatasetInput>mapValues(DatasetInput.Observed::new, Named.as("observed-versions"))
                .merge(references, Named.as("dataset-inputs"))
                .process(() -> new DatasetProcessor(graceMs, settings.drift()), Named.as("dataset-processor"),
                        StoreNames.DATASET_HISTORY, StoreNames.DATASET_PROFILES, StoreNames.PENDING_CHECKS,
                        StoreNames.RAISED_ALERTS);
        datasetOutputs.mapValues(GraphEntry.class::cast, Named.as(DatasetProcessor.GRAPH_ENTRIES))
                .to(InternalTopics.GRAPH, toGraph.withName("dataset-graph-sink"));
        datasetOutputs.mapValues(LineageAlert.class::cast, Named.as(DatasetProcessor.ALERTS))
                .to(topics.alerts().name(), Produced.with(topics.alerts().keySerde(), topics.alerts().valueSerde())
                        .withName("alerts-sink"));

        KStream<String, ModelVersion> models = source(builder, topics.models(), "models-source");
        models.process(ModelProcessor::new, Named.as("model-processor"), StoreNames.MODEL_VERSIONS)
                .to(InternalTopics.GRAPH, toGraph.withName("model-graph-sink"));

        KStream<String, Prediction> predictions = source(builder, topics.predictions(), "predictions-source");
        predictions.process(PredictionProcessor::new, Named.as("prediction-processor"), StoreNames.PREDICTIONS,
                        StoreNames.PENDING_USAGE)
                .repartition(Repartitioned.<String, UsageIncrement>as(InternalTopics.PREDICTION_USAGE)
                        .withKeySerde(Serdes.String()).withValueSerde(InternalSerde.of(UsageIncrement.class))
                        .withStreamPartitioner(usagePartitioner()))
                .process(UsageProcessor::new, Named.as("usage-processor"), StoreNames.PREDICTION_USAGE);

        // The graph store keeps most entries as the graph topic brought them: stored as the bytes they came in.
        PassThroughSerde<GraphEntry> graphBytes = new PassThroughSerde<>(graphSerde);
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.GRAPH), Serdes.String(),
                        graphBytes.store()).withLoggingDisabled(),
                InternalTopics.GRAPH,
                Consumed.with(Serdes.String(), graphBytes.source()).withName("graph-source"),
                GraphStoreUpdater::new);
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ALERTS), Serdes.String(),
                        InternalSerde.of(LineageAlert.class)).withLoggingDisabled(),
                topics.alerts().name(),
                Consumed.with(topics.alerts().keySerde(), topics.alerts().valueSerde()).withName("alerts-source"),
                AlertStoreUpdater::new);
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.AUDIT_CHECKPOINTS),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                TopicNames.AUDIT,
                Consumed.with(Serdes.String(), Serdes.String()).withName("audit-checkpoints-source"),
                AuditCheckpointStoreUpdater::new);
        return builder.build();
    }

    /** Places usage keys as {@link UsageKeys#partition} says; queries locate them with the same partitioner. */
    public static <V> StreamPartitioner<String, V> usagePartitioner() {
        return (topic, key, value, partitions) -> Optional.of(Set.of(UsageKeys.partition(key, partitions)));
    }

    static <V> KStream<String, V> source(StreamsBuilder builder, Topic<String, V> topic, String name) {
        return builder.stream(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde()).withName(name));
    }
}
