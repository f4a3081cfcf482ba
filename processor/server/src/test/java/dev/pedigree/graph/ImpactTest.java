package dev.pedigree.graph;

import static dev.pedigree.streams.Pipelines.at;
import static dev.pedigree.streams.Pipelines.hash;
import static dev.pedigree.streams.Pipelines.ref;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.graph.Impact.Served;
import dev.pedigree.streams.Pipelines;
import dev.pedigree.streams.TopologyFixture;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Impact over the real topology's graph, with usage counts from a source that records how it was asked. */
class ImpactTest {

    private static final String SCALED = NodeIds.datasetVersion("warehouse", "users_scaled", hash("users scaled v1"));
    private static final String CHURN = NodeIds.modelVersion("churn", "1");
    private static final String RANKER = NodeIds.modelVersion("ranker", "7");

    /** Counts as the usage store would hold them, and every batch asked for. */
    private static final class RecordingSource implements Impact.UsageSource {
        final List<String> batches = new ArrayList<>();
        final Map<String, Served> counts = Map.of(
                UsageKeys.modelVersion(CHURN), new Served(2, 11, 12),
                UsageKeys.modelVersion(RANKER), new Served(40, 3, 30));
        final Map<String, Served> readers = Map.of(CHURN, new Served(1, 11, 11), RANKER, new Served(5, 3, 9));

        @Override
        public Impact.Usage read(Collection<String> keys, String featureVersion) {
            batches.add(keys + (featureVersion == null ? "" : " + readers of " + featureVersion));
            Map<String, Served> found = new java.util.HashMap<>();
            keys.forEach(key -> {
                if (counts.containsKey(key)) {
                    found.put(key, counts.get(key));
                }
            });
            return new Impact.Usage(found, featureVersion == null ? Map.of() : readers);
        }
    }

    private TopologyFixture fixture;

    @BeforeEach
    void pipeline() {
        fixture = new TopologyFixture();
        Pipelines.csvImputeScaleTrain().forEach(fixture::send);
        // A model the graph does not link to the dataset, whose predictions read it as a feature.
        fixture.send(Pipelines.prediction("r-1", "ranker", "7", at(20), ref("warehouse", "users_scaled",
                hash("users scaled v1"))));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void countsAreReadInOneBatchForWhatTheGraphReachesAndOneForReadersItDoesNot() {
        RecordingSource usage = new RecordingSource();

        Impact.Result result = Impact.of(fixture.graph(), SCALED, TraversalLimits.DEFAULT, GraphReader.LATEST, usage)
                .orElseThrow();

        assertThat(usage.batches).containsExactly(
                "[" + UsageKeys.modelVersion(CHURN) + "] + readers of " + SCALED,
                "[" + UsageKeys.modelVersion(RANKER) + "]");
        assertThat(result.modelVersions()).extracting(m -> m.modelVersion().getId()).containsExactly(CHURN, RANKER);
        assertThat(result.modelVersions().get(0).served()).isEqualTo(new Served(2, 11, 12));
        assertThat(result.modelVersions().get(0).servedReadingThisVersion()).isEqualTo(new Served(1, 11, 11));
        assertThat(result.modelVersions().get(1).served()).isEqualTo(new Served(40, 3, 30));
        assertThat(result.modelVersions().get(1).servedReadingThisVersion()).isEqualTo(new Served(5, 3, 9));
        assertThat(result.runs()).extracting(n -> n.getId()).containsExactly(NodeIds.run("train-1"));
    }

    @Test
    void fromANodeThatIsNoDatasetVersionOneBatchWithoutReaders() {
        RecordingSource usage = new RecordingSource();

        Impact.of(fixture.graph(), NodeIds.run("scale-1"), TraversalLimits.DEFAULT, GraphReader.LATEST, usage)
                .orElseThrow();

        assertThat(usage.batches).containsExactly("[" + UsageKeys.modelVersion(CHURN) + "]");
    }
}
