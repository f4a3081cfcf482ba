package dev.pedigree.streams.internals;

import dev.pedigree.graph.GraphIndex;
import dev.pedigree.graph.GraphKeys;
import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.Node;
import dev.pedigree.streams.StoreNames;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the global graph store from the graph topic, on every instance (also when restoring, which replays the
 * topic through this processor), and keeps the {@link GraphIndex} beside it. Several writers may report one node
 * or edge; the store keeps the earliest first-seen time and the owner's detail, so the result does not depend on
 * which writer came last.
 */
public final class GraphStoreUpdater implements Processor<String, GraphEntry, Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(GraphStoreUpdater.class);
    private static final StringSerializer KEYS = new StringSerializer();
    private static final int DROP_BATCH = 10_000;

    private GraphIndex index;
    private KeyValueStore<String, GraphEntry> store;

    /** Takes the instance's index ({@link GraphIndex#from}), told of every write, and loads it from the store. */
    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(StoreNames.GRAPH);
        this.index = GraphIndex.from(context.appConfigs());
        dropInEdgeKeys();
        index.load(store);
    }

    /**
     * Drops the in-edge keys a store written by an earlier build holds (each edge a second time, under
     * {@link GraphKeys#OLD_IN_EDGES}): the index answers for that direction now. In batches, each deleted
     * after its scan is closed; a store without any costs one seek.
     */
    private void dropInEdgeKeys() {
        long dropped = 0;
        List<String> batch = new ArrayList<>(DROP_BATCH);
        do {
            batch.clear();
            try (KeyValueIterator<String, GraphEntry> keys = store.prefixScan(GraphKeys.OLD_IN_EDGES, KEYS)) {
                while (keys.hasNext() && batch.size() < DROP_BATCH) {
                    batch.add(keys.next().key);
                }
            }
            batch.forEach(store::delete);
            dropped += batch.size();
        } while (batch.size() == DROP_BATCH);
        if (dropped > 0) {
            log.info("Graph store: dropped {} in-edge keys an earlier build kept (the index answers for in-edges)",
                    dropped);
        }
    }

    @Override
    public void process(Record<String, GraphEntry> record) {
        GraphEntry entry = record.value();
        if (entry == null) {
            return;
        }
        if (entry.getNode() != null) {
            mergeNode(entry);
        } else if (entry.getEdge() != null) {
            mergeEdge(entry);
        }
    }

    /**
     * A node the index has no record of is new to the store too: written as it came, without a read. Otherwise its
     * record is merged with the stored one.
     */
    private void mergeNode(GraphEntry entry) {
        Node node = entry.getNode();
        String key = GraphKeys.node(node.getId());
        GraphEntry existing = index.hasRecord(node.getId()) ? store.get(key) : null;
        if (existing == null || existing.getNode() == null) {
            write(entry, key);
            return;
        }
        Node current = existing.getNode();
        Node merged = new Node(node.getId(), node.getKind(), Math.min(current.getFirstSeen(), node.getFirstSeen()),
                node.getDetail() != null ? node.getDetail() : current.getDetail());
        if (!merged.equals(current)) {
            write(new GraphEntry(merged, null), key);
        }
    }

    /**
     * An edge is kept under one key, out of its source (the index answers for both directions): written as it came
     * when it changed the index ({@link GraphIndex#applyEdge}: new, or replacing the one it had); an edge reported
     * again costs no store read.
     */
    private void mergeEdge(GraphEntry entry) {
        Edge edge = entry.getEdge();
        if (index.applyEdge(edge)) {
            store.put(GraphKeys.out(edge.getFrom(), edge.getTo()), entry);
        }
    }

    /** A node's record: written to the store, then told to the {@link GraphIndex} (which tells who keeps its details). */
    private void write(GraphEntry entry, String key) {
        store.put(key, entry);
        index.apply(entry);
    }
}
