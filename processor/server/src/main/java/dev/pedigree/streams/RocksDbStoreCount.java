package dev.pedigree.streams;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;

/**
 * How many RocksDB instances a topology opens on an instance that runs every one of its tasks (one instance alone,
 * or the last one standing after a failover): each sub-topology's stores once per task, a window store once per live
 * segment, each global store once. A sub-topology has as many tasks as its widest input topic has partitions; a
 * repartition topic has as many as the sub-topology that writes it has tasks. {@link BoundedMemoryRocksDBConfig}
 * shares the memtable budget among them.
 */
public final class RocksDbStoreCount {

    /** The Streams setting that carries the count to {@link BoundedMemoryRocksDBConfig}. */
    public static final String CONFIG = "pedigree.rocksdb.stores";

    /**
     * Live segments of a window store: Kafka Streams' default segment interval is half the retention, so a store
     * spans at most three segments, each a RocksDB instance of its own.
     */
    static final int WINDOW_SEGMENTS = 3;

    private RocksDbStoreCount() {
    }

    /** The topics the topology's sub-topologies read: its input topics and its repartition topics. */
    public static Set<String> inputTopics(TopologyDescription topology) {
        Set<String> topics = new TreeSet<>();
        for (TopologyDescription.Subtopology subtopology : topology.subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    topics.addAll(source.topicSet());
                }
            }
        }
        return topics;
    }

    /**
     * @param partitions the partition count of the topics the topology reads from outside; a topic neither in it nor
     *     written by the topology counts as the widest of them
     * @param windowStores the names of the topology's window stores
     */
    public static int of(TopologyDescription topology, Map<String, Integer> partitions, Set<String> windowStores) {
        int widest = partitions.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        Map<String, TopologyDescription.Subtopology> writers = new HashMap<>();
        for (TopologyDescription.Subtopology subtopology : topology.subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    writers.put(sink.topic(), subtopology);
                }
            }
        }
        int count = 0;
        for (TopologyDescription.Subtopology subtopology : topology.subtopologies()) {
            int tasks = tasks(subtopology, partitions, writers, widest, new HashSet<>());
            Set<String> stores = new HashSet<>();
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
            for (String store : stores) {
                count += tasks * (windowStores.contains(store) ? WINDOW_SEGMENTS : 1);
            }
        }
        return count + topology.globalStores().size();
    }

    /** The sub-topology's task count: the partitions of its widest input ({@code seen}: against cycles). */
    private static int tasks(TopologyDescription.Subtopology subtopology, Map<String, Integer> partitions,
            Map<String, TopologyDescription.Subtopology> writers, int widest, Set<Integer> seen) {
        if (!seen.add(subtopology.id())) {
            return widest;
        }
        int tasks = 1;
        for (TopologyDescription.Node node : subtopology.nodes()) {
            if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                for (String topic : source.topicSet()) {
                    Integer known = partitions.get(topic);
                    TopologyDescription.Subtopology writer = writers.get(topic);
                    int topicPartitions = known != null ? known
                            : writer != null ? tasks(writer, partitions, writers, widest, seen) : widest;
                    tasks = Math.max(tasks, topicPartitions);
                }
            }
        }
        return tasks;
    }
}
