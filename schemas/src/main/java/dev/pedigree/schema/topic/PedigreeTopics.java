package dev.pedigree.schema.topic;

import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.schema.registry.SchemaRegistryClient;
import dev.pedigree.schema.EventLimits;
import dev.pedigree.schema.serde.SpecificAvroSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Typed descriptors of the event topics, all sharing one schema registry client.
 *
 * @param datasets dataset versions, keyed by {@code namespace/name}
 * @param runs run events, keyed by run id
 * @param models model versions, keyed by {@code name/version}
 * @param predictions predictions, keyed by prediction id
 * @param alerts lineage alerts, keyed by the dataset's {@code namespace/name}
 */
public record PedigreeTopics(
        Topic<String, DatasetVersion> datasets,
        Topic<String, RunEvent> runs,
        Topic<String, ModelVersion> models,
        Topic<String, Prediction> predictions,
        Topic<String, LineageAlert> alerts) {

    /** Descriptors whose value serdes use {@code registry}, which the caller owns. */
    public static PedigreeTopics using(SchemaRegistryClient registry) {
        return using(registry, EventLimits.DEFAULT);
    }

    /** Descriptors whose value serdes use {@code registry} and refuse events over {@code limits}. */
    public static PedigreeTopics using(SchemaRegistryClient registry, EventLimits limits) {
        return new PedigreeTopics(
                topic(TopicNames.DATASETS, DatasetVersion.class, registry, limits),
                topic(TopicNames.RUNS, RunEvent.class, registry, limits),
                topic(TopicNames.MODELS, ModelVersion.class, registry, limits),
                topic(TopicNames.PREDICTIONS, Prediction.class, registry, limits),
                topic(TopicNames.ALERTS, LineageAlert.class, registry, limits));
    }

    private static <V extends SpecificRecord> Topic<String, V> topic(
            String name, Class<V> type, SchemaRegistryClient registry, EventLimits limits) {
        return new Topic<>(name, Serdes.String(), new SpecificAvroSerde<>(type, registry, limits));
    }
}
