package dev.pedigree.graph;

import static dev.pedigree.streams.Pipelines.at;
import static dev.pedigree.streams.Pipelines.hash;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.ColumnLineage;
import dev.pedigree.events.DatasetField;
import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.FieldInput;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import dev.pedigree.graph.store.DatasetVersionDetail;
import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.Node;
import dev.pedigree.streams.Pipelines;
import dev.pedigree.streams.TopologyFixture;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CTR pipeline at column level over the real topology: {@code clicks.ctr_7d} derives {@code features.ctr_7d};
 * one training run reads {@code features} naming {@code ctr_7d}, one names only {@code age}, one names nothing.
 */
class ColumnLineageTest {

    private static final DatasetId CLICKS = new DatasetId("warehouse", "clicks");
    private static final DatasetId FEATURES = new DatasetId("features", "user_features");
    private static final String CLICKS_V1 = hash("clicks v1");
    private static final String FEATURES_V1 = hash("features v1");
    private static final String CTR = NodeIds.datasetField("warehouse", "clicks", "ctr_7d");
    private static final String FEATURE_CTR = NodeIds.datasetField("features", "user_features", "ctr_7d");

    private TopologyFixture fixture;

    private static DatasetHash read(DatasetId dataset, String hash, String... fields) {
        return DatasetHash.newBuilder().setDataset(dataset).setContentHash(hash).setFields(List.of(fields)).build();
    }

    private static RunEvent train(String runId, String model, DatasetHash features) {
        return Pipelines.run(runId, "train-" + model, RunState.COMPLETE, at(10), List.of(features),
                List.of(read(new DatasetId("models", model), hash(model))), null, Map.of());
    }

    @BeforeEach
    void pipeline() {
        fixture = new TopologyFixture();
        fixture.send(RunEvent.newBuilder(Pipelines.run("build-features", "build-features", RunState.COMPLETE, at(5),
                        List.of(read(CLICKS, CLICKS_V1, "ctr_7d", "user_id")),
                        List.of(read(FEATURES, FEATURES_V1, "ctr_7d", "age")), null, Map.of()))
                .setColumnLineage(List.of(new ColumnLineage(new DatasetField(FEATURES, "ctr_7d"), List.of(
                        new FieldInput(CLICKS, "ctr_7d", "IDENTITY", false, false, null),
                        new FieldInput(CLICKS, "user_id", "GROUP_BY", true, false, null)))))
                .build());
        fixture.send(train("train-ctr", "ctr", read(FEATURES, FEATURES_V1, "ctr_7d", "age")));
        fixture.send(train("train-age", "age", read(FEATURES, FEATURES_V1, "age")));
        fixture.send(train("train-any", "any", read(FEATURES, FEATURES_V1)));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void columnsAreNodesAndTheirDerivationAnEdgeLabelledWithRunAndTransformation() {
        Subgraph upstream = fixture.graph().traverse(FEATURE_CTR, Direction.UPSTREAM, TraversalLimits.DEFAULT,
                GraphReader.LATEST);
        assertThat(upstream.nodes()).extracting(r -> r.node().getId()).contains(CTR,
                NodeIds.datasetField("warehouse", "clicks", "user_id"), NodeIds.dataset("features", "user_features"));
        Edge derived = upstream.edges().stream().filter(e -> e.getKind() == EdgeKind.DERIVED
                && e.getFrom().equals(CTR)).findFirst().orElseThrow();
        assertThat(derived.getRunId()).isEqualTo("build-features");
        assertThat(derived.getTransformation()).isEqualTo("IDENTITY");
        assertThat(upstream.edges()).filteredOn(e -> e.getFrom().endsWith("user_id"))
                .extracting(Edge::getTransformation).containsExactly("INDIRECT:GROUP_BY");

        Node version = fixture.graph().node(NodeIds.datasetVersion("features", "user_features", FEATURES_V1),
                GraphReader.LATEST).orElseThrow();
        assertThat(((DatasetVersionDetail) version.getDetail()).getFields()).as("a version lists its columns")
                .containsExactly("age", "ctr_7d");
    }

    @Test
    void compareNamesTheChangedColumnsOnThePathToTheModelAndNotTheOnesTheTrainingRunDidNotRead() {
        String clicksV2 = hash("clicks v2");
        String featuresV2 = hash("features v2");
        fixture.send(RunEvent.newBuilder(Pipelines.run("build-features-2", "build-features", RunState.COMPLETE,
                        at(20), List.of(read(CLICKS, clicksV2, "ctr_7d", "user_id", "country")),
                        List.of(read(FEATURES, featuresV2, "ctr_7d", "age", "country")), null, Map.of()))
                .setColumnLineage(List.of(
                        new ColumnLineage(new DatasetField(FEATURES, "ctr_7d"), List.of(
                                new FieldInput(CLICKS, "ctr_7d", "IDENTITY", false, false, null))),
                        new ColumnLineage(new DatasetField(FEATURES, "country"), List.of(
                                new FieldInput(CLICKS, "country", "IDENTITY", false, false, null)))))
                .build());
        fixture.send(train("train-ctr-2", "ctr", read(FEATURES, featuresV2, "ctr_7d", "age")));
        fixture.send(Pipelines.model("ctr", "1", "train-ctr", at(11), 0.8));
        fixture.send(Pipelines.model("ctr", "2", "train-ctr-2", at(21), 0.6));

        // Profiles say ctr_7d and country changed in the source, and ctr_7d in the features.
        ModelComparison.ChangedColumns changed = (dataset, from, to) -> dataset.equals("warehouse/clicks")
                ? List.of("ctr_7d", "country") : List.of("ctr_7d");
        ModelComparison.Result result = new ModelComparison(fixture.graph(), changed)
                .compare("ctr", "1", "ctr", "2", TraversalLimits.DEFAULT, GraphReader.LATEST).orElseThrow();

        ModelComparison.Cause source = result.causes().stream()
                .filter(c -> c.kind() == ModelComparison.CauseKind.SOURCE).findFirst().orElseThrow();
        assertThat(source.dataset()).isEqualTo("warehouse/clicks");
        assertThat(source.columnPath().changed()).as("country reaches user_features, which the model did not read")
                .containsExactly(CTR);
        assertThat(source.columnPath().steps()).containsExactly(
                new ColumnPath.Step(CTR, FEATURE_CTR, "build-features", "IDENTITY"));
        assertThat(source.columnPath().intoTraining()).containsExactly(FEATURE_CTR);
        assertThat(result.explanation()).contains("In warehouse/clicks, the changed column clicks.ctr_7d reaches the "
                + "model through clicks.ctr_7d → user_features.ctr_7d; the training run read user_features.ctr_7d.");

        ModelComparison.Result unprofiled = new ModelComparison(fixture.graph())
                .compare("ctr", "1", "ctr", "2", TraversalLimits.DEFAULT, GraphReader.LATEST).orElseThrow();
        assertThat(unprofiled.causes()).allSatisfy(cause -> assertThat(cause.columnPath().found()).isFalse());
    }

    @Test
    void theImpactOfAColumnLeavesOutARunThatReadOtherColumnsAndFlagsOneThatDidNotSay() {
        Impact.UsageSource none = (Collection<String> keys, String feature) -> new Impact.Usage(Map.of(), Map.of());
        Impact.Result result = Impact.of(fixture.graph(), CTR, TraversalLimits.DEFAULT, GraphReader.LATEST, none)
                .orElseThrow();
        assertThat(result.fields()).extracting(Node::getId).containsExactly(FEATURE_CTR);
        assertThat(result.runs()).extracting(Node::getId).contains(NodeIds.run("train-ctr"), NodeIds.run("train-any"))
                .doesNotContain(NodeIds.run("train-age"));
        assertThat(result.conservativeRuns()).containsExactly(NodeIds.run("train-any"));
        assertThat(result.datasetVersions()).extracting(Node::getId)
                .contains(NodeIds.datasetVersion("models", "ctr", hash("ctr")))
                .doesNotContain(NodeIds.datasetVersion("models", "age", hash("age")));
    }
}
