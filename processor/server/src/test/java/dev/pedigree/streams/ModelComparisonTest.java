package dev.pedigree.streams;

import static dev.pedigree.streams.Pipelines.at;
import static dev.pedigree.streams.Pipelines.hash;
import static dev.pedigree.streams.Pipelines.ref;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.RunState;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.ModelComparison;
import dev.pedigree.graph.ModelComparison.DataStatus;
import dev.pedigree.graph.ModelComparison.Verdict;
import dev.pedigree.graph.TraversalLimits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DESIGN scenario 1's root-cause funnel: data, then code, then parameters. */
class ModelComparisonTest {

    /** raw.csv → impute → train → churn vN, with the given source content, impute parameters, code and seed. */
    private static void pipeline(TopologyFixture fixture, String version, String rawContent, String strategy,
            String trainCommit, String seed, double accuracy) {
        String raw = hash(rawContent);
        String imputed = hash("imputed(" + rawContent + "," + strategy + ")");
        int t = Integer.parseInt(version) * 100;
        fixture.send(Pipelines.dataset("file:///data", "users.csv", raw, "v" + version, at(t), null));
        fixture.send(Pipelines.run("impute-" + version, "impute", RunState.COMPLETE, at(t + 1),
                List.of(ref("file:///data", "users.csv", raw)), List.of(ref("warehouse", "users_imputed", imputed)),
                "i1", Map.of("strategy", strategy)));
        fixture.send(Pipelines.run("train-" + version, "train", RunState.COMPLETE, at(t + 2),
                List.of(ref("warehouse", "users_imputed", imputed)), List.of(), trainCommit, Map.of("trees", "100")));
        var model = Pipelines.model("churn", version, "train-" + version, at(t + 3), accuracy);
        model.setHyperparameters(Map.of("seed", seed));
        fixture.send(model);
    }

    private static ModelComparison.Result compare(TopologyFixture fixture, String left, String right) {
        return new ModelComparison(fixture.graph())
                .compare("churn", left, "churn", right, TraversalLimits.DEFAULT, GraphReader.LATEST).orElseThrow();
    }

    @Test
    void aChangedSourceIsDataChangedAndNamesTheSource() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            pipeline(fixture, "1", "ages in years", "median", "t1", "42", 0.91);
            pipeline(fixture, "2", "ages in months", "median", "t1", "42", 0.74);
            ModelComparison.Result result = compare(fixture, "1", "2");

            assertThat(result.verdict()).isEqualTo(Verdict.DATA_CHANGED);
            assertThat(result.data()).extracting(ModelComparison.DatasetDiff::name, ModelComparison.DatasetDiff::status)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("users.csv", DataStatus.CHANGED),
                            org.assertj.core.groups.Tuple.tuple("users_imputed", DataStatus.CHANGED));
            ModelComparison.Divergence divergence = result.data().stream()
                    .filter(d -> d.name().equals("users_imputed")).findFirst().orElseThrow().divergence();
            assertThat(divergence.kind()).isEqualTo("SOURCE");
            assertThat(divergence.dataset()).isEqualTo("file:///data/users.csv");
            assertThat(result.metrics().get("accuracy").get("delta")).isCloseTo(-0.17, org.assertj.core.data.Offset
                    .offset(1e-9));
            assertThat(result.explanation()).contains("file:///data/users.csv").contains("accuracy");
        }
    }

    @Test
    void aChangedStepWithTheSameInputsIsNamedWithItsParameters() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            pipeline(fixture, "1", "same data", "median", "t1", "42", 0.91);
            pipeline(fixture, "2", "same data", "mean", "t1", "42", 0.85);
            ModelComparison.Result result = compare(fixture, "1", "2");

            assertThat(result.verdict()).isEqualTo(Verdict.DATA_CHANGED);
            ModelComparison.Divergence divergence = result.data().stream()
                    .filter(d -> d.status() == DataStatus.CHANGED).findFirst().orElseThrow().divergence();
            assertThat(divergence.kind()).isEqualTo("STEP");
            assertThat(divergence.job()).isEqualTo("churn/impute");
            assertThat(divergence.parameterChanges()).containsEntry("strategy", List.of("median", "mean"));
            assertThat(result.data()).filteredOn(d -> d.name().equals("users.csv"))
                    .extracting(ModelComparison.DatasetDiff::status).containsExactly(DataStatus.SAME);
        }
    }

    @Test
    void identicalDataWithNewTrainingCodeIsCodeChanged() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            pipeline(fixture, "1", "same data", "median", "t1", "42", 0.91);
            pipeline(fixture, "2", "same data", "median", "t2", "42", 0.88);
            ModelComparison.Result result = compare(fixture, "1", "2");
            assertThat(result.verdict()).isEqualTo(Verdict.CODE_CHANGED);
            assertThat(result.code()).containsEntry("left", "t1").containsEntry("right", "t2");
            assertThat(result.data()).allMatch(d -> d.status() == DataStatus.SAME);
        }
    }

    @Test
    void identicalDataAndCodeWithAnotherSeedIsParametersChanged() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            pipeline(fixture, "1", "same data", "median", "t1", "42", 0.91);
            pipeline(fixture, "2", "same data", "median", "t1", "7", 0.90);
            ModelComparison.Result result = compare(fixture, "1", "2");
            assertThat(result.verdict()).isEqualTo(Verdict.PARAMETERS_CHANGED);
            assertThat(result.hyperparameterChanges()).containsEntry("seed", List.of("42", "7"));
        }
    }

    @Test
    void aModelComparedWithItselfHasNoLineageDifference() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            pipeline(fixture, "1", "same data", "median", "t1", "42", 0.91);
            assertThat(compare(fixture, "1", "1").verdict()).isEqualTo(Verdict.NO_LINEAGE_DIFFERENCE);
            assertThat(new ModelComparison(fixture.graph()).compare("churn", "1", "churn", "404",
                    TraversalLimits.DEFAULT, GraphReader.LATEST)).isEmpty();
        }
    }

    @Test
    void newRawDataAndAChangedImputerAreBothNamedFromTheSourceToTheModel() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            pipeline(fixture, "1", "export of November", "median", "t1", "42", 0.91);
            pipeline(fixture, "2", "export of December", "mean", "t1", "42", 0.80);
            ModelComparison.Result result = compare(fixture, "1", "2");

            assertThat(result.verdict()).as("the kind of the most upstream cause").isEqualTo(Verdict.DATA_CHANGED);
            assertThat(result.causes()).extracting(c -> c.kind() + " " + c.dataset()).containsExactly(
                    "SOURCE file:///data/users.csv", "STEP warehouse/users_imputed");
            ModelComparison.Cause imputer = result.causes().get(1);
            assertThat(imputer.job()).isEqualTo("churn/impute");
            assertThat(imputer.changes()).containsEntry("strategy", List.of("median", "mean"));
            assertThat(result.causes().get(0).depth()).isGreaterThan(imputer.depth());
            assertThat(result.explanation()).contains("2 differences, from the sources to the model: the source "
                    + "file:///data/users.csv changed content").contains("step churn/impute (parameters strategy "
                    + "median → mean) writing warehouse/users_imputed").doesNotContain("no step in between");
        }
    }

    @Test
    void everyCauseIsListedDataFirstThenTrainingCodeHyperparametersAndSeeds() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            pipeline(fixture, "1", "ages", "median", "t1", "42", 0.91);
            pipeline(fixture, "2", "ages", "mean", "t2", "7", 0.85);
            ModelComparison.Result result = compare(fixture, "1", "2");

            assertThat(result.causes()).extracting(ModelComparison.Cause::kind).containsExactly(
                    ModelComparison.CauseKind.STEP, ModelComparison.CauseKind.TRAINING_CODE,
                    ModelComparison.CauseKind.SEEDS);
            assertThat(result.causes().get(2).changes()).containsEntry("seed", List.of("42", "7"));
        }
    }

    @Test
    void identicalLineagesHaveNoCause() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            pipeline(fixture, "1", "ages", "median", "t1", "42", 0.91);
            pipeline(fixture, "2", "ages", "median", "t1", "42", 0.91);
            assertThat(compare(fixture, "1", "2").causes()).isEmpty();
        }
    }
}
