package dev.pedigree.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.Prediction;
import dev.pedigree.graph.GraphIndex;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.NodeKind;
import dev.pedigree.streams.Pipelines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ProvenanceCacheTest {

    private final GraphIndex graph = new GraphIndex();
    private final ProvenanceCache cache = new ProvenanceCache(graph);
    private final AtomicInteger walks = new AtomicInteger();
    private final Supplier<String> walk = () -> "{\"walk\":" + walks.incrementAndGet() + "}";

    @Test
    void predictionsWithTheSameModelAndFeaturesShareOneWalkUntilTheGraphChanges() {
        Prediction first = prediction("p-1", "features v1");
        Prediction second = prediction("p-2", "features v1");
        Prediction otherFeatures = prediction("p-3", "features v2");

        assertThat(text(cache.lineage(first, GraphReader.LATEST, walk))).isEqualTo("{\"walk\":1}");
        assertThat(text(cache.lineage(second, GraphReader.LATEST, walk))).as("same model and feature versions")
                .isEqualTo("{\"walk\":1}");
        assertThat(text(cache.lineage(otherFeatures, GraphReader.LATEST, walk))).as("another feature version")
                .isEqualTo("{\"walk\":2}");
        assertThat(text(cache.lineage(first, 1_000L, walk))).as("another as-of time").isEqualTo("{\"walk\":3}");

        graph.apply(new GraphEntry(new Node(NodeIds.run("r-1"), NodeKind.RUN, 1L, null), null));
        assertThat(text(cache.lineage(second, GraphReader.LATEST, walk))).as("walked again after the graph changed")
                .isEqualTo("{\"walk\":4}");
    }

    @Test
    void theDocumentIsThePredictionFollowedByTheLineageFields() throws IOException {
        ByteArrayOutputStream document = new ByteArrayOutputStream();
        ProvenanceCache.writeProvenance(document, "{\"predictionId\":\"p-ü\"}",
                "{\"modelVersion\":{\"id\":\"m\"},\"nodes\":[]}".getBytes(StandardCharsets.UTF_8));
        assertThat(document.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"prediction\":{\"predictionId\":\"p-ü\"},\"modelVersion\":{\"id\":\"m\"},\"nodes\":[]}");
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static Prediction prediction(String id, String features) {
        return Pipelines.prediction(id, "churn", "1", Pipelines.at(1),
                Pipelines.ref("warehouse", "users_scaled", Pipelines.hash(features)));
    }
}
