package dev.pedigree.streams;

import dev.pedigree.schema.topic.PedigreeTopics;
import dev.pedigree.schema.topic.Topic;
import dev.pedigree.schema.topic.TopicNames;
import dev.pedigree.streams.internals.AuditAppender;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The audit log's topology, which runs as a Kafka Streams application of its own beside the provenance topology
 * ({@link PedigreeProcessor}: application id {@code <application.id>-audit}):
 *
 * <pre>
 * pedigree.datasets, pedigree.runs, pedigree.models, pedigree.predictions
 *     → audit-log-{datasets,runs,models,predictions}-appender (one log per input partition) → pedigree.audit
 * </pre>
 * It reads the same input topics as the provenance topology, in its own consumer group and tasks, so appending a
 * leaf is not work on the thread that serves ingest: a topology reads a topic from one source only, and the audit
 * log's appends were a second task's worth of work on every event. Each log is still a changelogged store written in
 * the same exactly-once transaction as the offsets its application commits.
 */
public final class AuditLogTopology {

    private AuditLogTopology() {
    }

    /** The audit log of every input partition of the four native topics. */
    public static Topology build(PedigreeTopics topics, TopologySettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        audit(builder, topics.datasets(), settings);
        audit(builder, topics.runs(), settings);
        audit(builder, topics.models(), settings);
        audit(builder, topics.predictions(), settings);
        return builder.build();
    }

    /**
     * Every event read from {@code topic} goes, in offset order, to its partition's audit log; the log's signed
     * checkpoints go to {@code pedigree.audit}. The data of prediction leaves expires after the audit data retention
     * (the high-volume kind); the other kinds' is kept with their hashes.
     */
    private static <V extends SpecificRecord> void audit(StreamsBuilder builder, Topic<String, V> topic,
            TopologySettings settings) {
        String name = StoreNames.auditLog(topic.name());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                Serdes.ByteArray()));
        Duration dataRetention = topic.name().equals(TopicNames.PREDICTIONS) ? settings.auditDataRetention() : null;
        PedigreeTopology.source(builder, topic, name + "-source")
                .process(() -> new AuditAppender<V>(topic.name(), name, settings.auditCheckpoint(), dataRetention),
                        Named.as(name + "-appender"), name)
                .to(TopicNames.AUDIT, Produced.with(Serdes.String(), Serdes.String()).withName(name + "-sink"));
    }
}
