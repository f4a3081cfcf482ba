package dev.pedigree.streams.internals;

import dev.pedigree.graph.GraphIndex;
import dev.pedigree.graph.GraphKeys;
import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.Node;
import dev.pedigree.streams.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Feeds the global graph store from the graph topic, on every instance (also when restoring, which replays the
 * topic through this processor), and keeps the {@link GraphIndex} beside it. Several writers may report one node
 * or edge; the store keeps the earliest first-seen time and the owner's detail, so the result does not depend on
 * which writer came last.
 */
public final class GraphStoreUpdater implements Processor<String, GraphEntry, Void, Void> {

    private GraphIndex index;
    private KeyValueStore<String, GraphEntry> store;

    /** Takes the instance's index ({@link GraphIndex#from}), told of every write, and loads it from the store. */
    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(StoreNames.GRAPH);
        this.index = GraphIndex.from(context.appConfigs());
        index.load(store);
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
     * An edge is kept under two keys (out of its source, into its target) with the same value: written as it came
     * when the index does not have it, or when it {@link GraphIndex.EdgeLabel#replaces} the stored one.
     */
    private void mergeEdge(GraphEntry entry) {
        Edge edge = entry.getEdge();
        String out = GraphKeys.out(edge.getFrom(), edge.getTo());
        if (index.hasEdge(edge.getFrom(), edge.getTo())) {
            GraphEntry existing = store.get(out);
            if (existing != null && existing.getEdge() != null
                    && !GraphIndex.EdgeLabel.replaces(edge, existing.getEdge())) {
                return;
            }
        }
        write(entry, out, GraphKeys.in(edge.getTo(), edge.getFrom()));
    }

    /** Every write to the graph store goes through here, so that the {@link GraphIndex} sees all of them. */
    private void write(GraphEntry entry, String... keys) {
        for (String key : keys) {
            store.put(key, entry);
        }
        index.apply(entry);
    }
}
