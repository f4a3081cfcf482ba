package dev.pedigree.graph;

import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.Node;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** A sorted in-memory graph store with the same key layout as the global store, for reader tests. */
final class TreeMapGraphStore implements ReadOnlyKeyValueStore<String, GraphEntry> {

    private final NavigableMap<String, GraphEntry> map = new TreeMap<>();

    TreeMapGraphStore edge(String from, String to, EdgeKind kind, long firstSeen) {
        Edge edge = new Edge(from, to, kind, firstSeen, null, null);
        map.put(GraphKeys.out(from, to), new GraphEntry(null, edge));
        return this;
    }

    TreeMapGraphStore node(Node node) {
        map.put(GraphKeys.node(node.getId()), new GraphEntry(node, null));
        return this;
    }

    @Override
    public GraphEntry get(String key) {
        return map.get(key);
    }

    @Override
    public KeyValueIterator<String, GraphEntry> range(String from, String to) {
        return iterator(map.subMap(from, true, to, true));
    }

    @Override
    public KeyValueIterator<String, GraphEntry> all() {
        return iterator(map);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, GraphEntry> prefixScan(P prefix, PS serializer) {
        String start = prefix.toString();
        return iterator(map.subMap(start, true, start + Character.MAX_VALUE, false));
    }

    @Override
    public long approximateNumEntries() {
        return map.size();
    }

    private static KeyValueIterator<String, GraphEntry> iterator(Map<String, GraphEntry> entries) {
        Iterator<Map.Entry<String, GraphEntry>> it = entries.entrySet().iterator();
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<String, GraphEntry> next() {
                Map.Entry<String, GraphEntry> e = it.next();
                return KeyValue.pair(e.getKey(), e.getValue());
            }

            @Override
            public void close() {
            }

            @Override
            public String peekNextKey() {
                throw new UnsupportedOperationException("not needed by the reader");
            }
        };
    }
}
