package dev.pedigree.runtime;

import dev.pedigree.schema.topic.TopicNames;
import dev.pedigree.streams.InternalTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How DESIGN's topics, and the compacted graph topic the processor writes, are created: partitions and topic configs. Predictions are the high-volume stream and get
 * the most partitions; alerts and the dead-letter queue are low-volume and kept long.
 */
public final class TopicLayout {

    private TopicLayout() {
    }

    /**
     * The topics to create, each with replication factor {@code replication}; predictions are kept for
     * {@code predictionRetention} (as long as the processor keeps them, {@code pedigree.prediction.retention.ms}).
     */
    public static List<NewTopic> topics(short replication, Duration predictionRetention) {
        return List.of(
                topic(TopicNames.DATASETS, 4, replication, Map.of()),
                topic(TopicNames.RUNS, 4, replication, Map.of()),
                topic(TopicNames.MODELS, 2, replication, Map.of()),
                topic(TopicNames.PREDICTIONS, 8, replication,
                        Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(predictionRetention.toMillis()))),
                topic(TopicNames.OPENLINEAGE, 4, replication, Map.of()),
                topic(TopicNames.ALERTS, 2, replication, Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")),
                topic(TopicNames.DLQ, 1, replication, Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")),
                topic(TopicNames.AUDIT, 1, replication, Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")),
                topic(InternalTopics.GRAPH, 4, replication,
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }

    private static NewTopic topic(String name, int partitions, short replication, Map<String, String> configs) {
        return new NewTopic(name, partitions, replication).configs(configs);
    }
}
