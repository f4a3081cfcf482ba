package dev.pedigree.streams;

import static dev.pedigree.streams.Pipelines.at;
import static dev.pedigree.streams.Pipelines.hash;
import static dev.pedigree.streams.Pipelines.ref;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.RunState;
import dev.pedigree.graph.DatasetVersionInLineage;
import dev.pedigree.graph.Direction;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.Provenance;
import dev.pedigree.graph.Subgraph;
import dev.pedigree.graph.TraversalLimits;
import dev.pedigree.graph.store.NodeKind;
import dev.pedigree.graph.store.RunDetail;
import dev.pedigree.graph.store.UsageStats;
import dev.pedigree.graph.UsageKeys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DESIGN's scenarios 2 and 3 as event sequences, checked against the graph they must produce. */
class ScenarioTest {

    @Test
    void experimentsAreComparedByTheExactDataAndFeatureCodeTheyUsed() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            String full = hash("clicks full");
            String sample = hash("clicks 10% sample");
            String featuresA = hash("features from full, v1 code");
            String featuresB = hash("features from sample, v2 code");
            fixture.send(Pipelines.dataset("lake", "clicks", full, "full", at(0), null));
            fixture.send(Pipelines.dataset("lake", "clicks", sample, "sample-10pct", at(0), null));
            fixture.send(Pipelines.run("fe-a", "features", RunState.COMPLETE, at(1), List.of(ref("lake", "clicks", full)),
                    List.of(ref("lake", "features", featuresA)), "f00d001", Map.of("window", "7d")));
            fixture.send(Pipelines.run("fe-b", "features", RunState.COMPLETE, at(1), List.of(ref("lake", "clicks", sample)),
                    List.of(ref("lake", "features", featuresB)), "f00d002", Map.of("window", "30d")));
            fixture.send(Pipelines.run("train-a", "train", RunState.COMPLETE, at(2),
                    List.of(ref("lake", "features", featuresA)), List.of(), "7ra1n01", Map.of()));
            fixture.send(Pipelines.run("train-b", "train", RunState.COMPLETE, at(2),
                    List.of(ref("lake", "features", featuresB)), List.of(), "7ra1n01", Map.of()));
            fixture.send(Pipelines.model("ctr", "exp-a", "train-a", at(3), 0.71));
            fixture.send(Pipelines.model("ctr", "exp-b", "train-b", at(3), 0.70));

            Provenance a = fixture.provenance().modelVersion("ctr", "exp-a", TraversalLimits.DEFAULT, GraphReader.LATEST);
            Provenance b = fixture.provenance().modelVersion("ctr", "exp-b", TraversalLimits.DEFAULT, GraphReader.LATEST);
            assertThat(hashes(a)).containsExactlyInAnyOrder(featuresA, full);
            assertThat(hashes(b)).containsExactlyInAnyOrder(featuresB, sample);
            // The feature step of each, with its code and parameters, is the producing run of its features.
            DatasetVersionInLineage featureOfA = a.datasets().stream().filter(d -> d.depth() == 2).findFirst()
                    .orElseThrow();
            assertThat(featureOfA.producingRuns()).containsExactly(NodeIds.run("fe-a"));
            RunDetail step = (RunDetail) fixture.graph().node(NodeIds.run("fe-b"), GraphReader.LATEST).orElseThrow()
                    .getDetail();
            assertThat(step.getCodeCommit()).isEqualTo("f00d002");
            assertThat(step.getParameters()).containsEntry("window", "30d");
        }
    }

    @Test
    void aBadUserFeatureVersionReachesEveryDownstreamModelAndItsPredictions() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            String goodFeatures = hash("user features good");
            String badFeatures = hash("user features bad");
            String embeddings = hash("product embeddings v3");
            // Three pipelines: user features, product embeddings, ranking (two ranking models).
            fixture.send(Pipelines.run("uf-1", "user_features", RunState.COMPLETE, at(0),
                    List.of(ref("raw", "events", hash("events d1"))), List.of(ref("fs", "user_features", goodFeatures)),
                    "u1", Map.of()));
            fixture.send(Pipelines.run("uf-2", "user_features", RunState.COMPLETE, at(60),
                    List.of(ref("raw", "events", hash("events d2"))), List.of(ref("fs", "user_features", badFeatures)),
                    "u2-buggy", Map.of()));
            fixture.send(Pipelines.run("pe-1", "product_embeddings", RunState.COMPLETE, at(0), List.of(),
                    List.of(ref("fs", "product_embeddings", embeddings)), "p1", Map.of()));
            for (String model : List.of("rank-a", "rank-b")) {
                fixture.send(Pipelines.run("train-" + model, "train_ranker", RunState.COMPLETE, at(70),
                        List.of(ref("fs", "user_features", badFeatures), ref("fs", "product_embeddings", embeddings)),
                        List.of(), "r1", Map.of("model", model)));
                fixture.send(Pipelines.model(model, "2", "train-" + model, at(80), 0.5));
            }
            fixture.send(Pipelines.run("train-old", "train_ranker", RunState.COMPLETE, at(10),
                    List.of(ref("fs", "user_features", goodFeatures)), List.of(), "r1", Map.of()));
            fixture.send(Pipelines.model("rank-a", "1", "train-old", at(20), 0.6));
            String bad = NodeIds.datasetVersion("fs", "user_features", badFeatures);
            for (int i = 0; i < 5; i++) {
                fixture.send(Pipelines.prediction("pa-" + i, "rank-a", "2", at(90 + i), ref("fs", "user_features",
                        badFeatures)));
            }
            for (int i = 0; i < 3; i++) {
                fixture.send(Pipelines.prediction("pb-" + i, "rank-b", "2", at(100 + i), ref("fs", "user_features",
                        badFeatures)));
            }
            fixture.send(Pipelines.prediction("old-0", "rank-a", "1", at(30), ref("fs", "user_features",
                    goodFeatures)));

            Subgraph impact = fixture.graph().traverse(bad, Direction.DOWNSTREAM, TraversalLimits.DEFAULT,
                    GraphReader.LATEST);
            List<String> reached = impact.nodes().stream().map(r -> r.node().getId()).toList();
            assertThat(reached).contains(NodeIds.run("train-rank-a"), NodeIds.run("train-rank-b"),
                    NodeIds.modelVersion("rank-a", "2"), NodeIds.modelVersion("rank-b", "2"))
                    .doesNotContain(NodeIds.modelVersion("rank-a", "1"), NodeIds.run("train-old"));
            assertThat(impact.nodes()).filteredOn(r -> r.node().getKind() == NodeKind.MODEL_VERSION).hasSize(2);

            UsageStats a = fixture.usage().get(UsageKeys.featureVersion(bad, NodeIds.modelVersion("rank-a", "2")));
            UsageStats b = fixture.usage().get(UsageKeys.featureVersion(bad, NodeIds.modelVersion("rank-b", "2")));
            assertThat(a).isEqualTo(new UsageStats(5L, at(90).toEpochMilli(), at(94).toEpochMilli()));
            assertThat(b).isEqualTo(new UsageStats(3L, at(100).toEpochMilli(), at(102).toEpochMilli()));
            assertThat(fixture.usage().get(UsageKeys.featureVersion(bad, NodeIds.modelVersion("rank-a", "1"))))
                    .isNull();
            // Upstream of the bad version: the buggy run and its code.
            RunDetail producer = (RunDetail) fixture.graph().node(NodeIds.run("uf-2"), GraphReader.LATEST)
                    .orElseThrow().getDetail();
            assertThat(producer.getCodeCommit()).isEqualTo("u2-buggy");
        }
    }

    private static List<String> hashes(Provenance provenance) {
        return provenance.datasets().stream()
                .map(d -> ((dev.pedigree.graph.store.DatasetVersionDetail) d.version().getDetail()).getContentHash())
                .toList();
    }
}
