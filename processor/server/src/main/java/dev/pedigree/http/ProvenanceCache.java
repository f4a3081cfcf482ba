package dev.pedigree.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pedigree.events.Prediction;
import dev.pedigree.graph.GraphIndex;
import dev.pedigree.graph.ProvenanceReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * The lineage part of a prediction's provenance (model version, training runs, datasets, subgraph), as JSON, kept
 * until the graph changes. Predictions of one model version reading the same feature versions share it: a lookup
 * then reads the prediction and writes it in front of the cached part, instead of walking and serializing the same
 * lineage again. An entry is labelled with the {@link GraphIndex} write count read before the graph was walked, so an
 * answer is never older than the graph was when the request arrived.
 */
final class ProvenanceCache {

    /** Distinct (model version, feature versions, as-of) combinations kept; least recently used go first. */
    static final int MAX_ENTRIES = 10_000;

    private record Key(List<String> starts, long asOf, long graphWrites) {
    }

    private final Cache<Key, byte[]> lineage = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
    private final GraphIndex graph;

    ProvenanceCache(GraphIndex graph) {
        this.graph = graph;
    }

    /**
     * The lineage JSON object for {@code prediction} as of {@code asOf} in UTF-8, from the cache or {@code compute}
     * (which walks the graph and serializes the lineage view: a JSON object without the prediction). Kept as bytes
     * so that an answer is written without converting or copying it again.
     */
    byte[] lineage(Prediction prediction, long asOf, Supplier<String> compute) {
        Key key = new Key(ProvenanceReader.starts(prediction), asOf, graph.writes());
        return lineage.get(key, k -> compute.get().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes the provenance document, {@code {"prediction": …} } followed by the lineage object's fields (the same
     * as {@link dev.pedigree.http.answers.ProvenanceView}), straight to {@code out}: the cached lineage is not copied into a new document.
     */
    static void writeProvenance(OutputStream out, String predictionJson, byte[] lineage) throws IOException {
        out.write(("{\"prediction\":" + predictionJson + ",").getBytes(StandardCharsets.UTF_8));
        out.write(lineage, 1, lineage.length - 1);
    }
}
