package dev.pedigree.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pedigree.graph.GraphIndex;
import dev.pedigree.graph.store.Node;
import dev.pedigree.http.answers.NodeView;
import java.util.Optional;
import java.util.function.Function;

/**
 * Each node's details as the HTTP API writes them ({@link NodeView}), encoded once and kept as UTF-8 until the node's
 * record is written again: a traversal's answer then copies a thousand nodes' bytes instead of reading a thousand
 * RocksDB records, decoding their Avro and serializing them. Bounded by bytes, least recently used first out.
 *
 * <p>A node's entry is dropped when the graph index reports its record written, which is after the store holds the
 * new record. An entry being made meanwhile (from the old record) is dropped too: Caffeine makes it under the key's
 * lock, which the drop waits for. So an entry never outlives the record it was made from.
 */
final class NodeJsonCache {

    /** The entry of a node: its JSON object without the closing brace, so that fields can follow (a depth). */
    private final Cache<String, SerializedString> open;

    NodeJsonCache(GraphIndex graph, long maxBytes) {
        open = Caffeine.newBuilder().maximumWeight(maxBytes)
                // A String and its cached UTF-8 bytes, one byte per character each for ASCII, and the key.
                .weigher((String id, SerializedString json) -> 2 * json.charLength() + id.length() + 64)
                .build();
        graph.onNodeWritten(open::invalidate);
    }

    /**
     * The node's JSON object without its closing brace, from the cache or made from the record {@code read}
     * finds; empty when it finds none.
     */
    Optional<SerializedString> open(String id, Function<String, Optional<Node>> read) {
        return Optional.ofNullable(open.get(id, key -> read.apply(key).map(NodeJsonCache::encode).orElse(null)));
    }

    private static SerializedString encode(Node node) {
        try {
            String json = JacksonJsonMapper.MAPPER.writeValueAsString(NodeView.of(node));
            SerializedString open = new SerializedString(json.substring(0, json.lastIndexOf('}')));
            open.asUnquotedUTF8(); // encoded now, once: every answer copies these bytes
            return open;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write node " + node.getId() + " as JSON: " + e.getMessage(), e);
        }
    }
}
