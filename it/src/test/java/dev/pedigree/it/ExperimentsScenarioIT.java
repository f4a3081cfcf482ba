package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.demo.ExperimentsScenario;
import dev.pedigree.embedded.EmbeddedRuntime;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 2 on the real broker and registry: each candidate model's exact training data (dataset and hash) and
 * feature step (commit, parameters) come back from the API, and compares point at the step that differs.
 */
@ExtendWith(RealRuntimeExtension.class)
class ExperimentsScenarioIT {

    @Test
    void candidatesAreToldApartByTheirDataAndFeatureCode(EmbeddedRuntime runtime) throws Exception {
        try (ScenarioHarness harness = ScenarioHarness.start(runtime, "experiments")) {
            ExperimentsScenario.Outcome outcome = ExperimentsScenario.run(harness.context());
            harness.awaitCaughtUp();
            String model = outcome.model();

            Set<String> featureHashes = new HashSet<>();
            for (ExperimentsScenario.Experiment experiment : ExperimentsScenario.EXPERIMENTS) {
                JsonNode view = harness.get("/v1/models/" + ScenarioHarness.encode(model) + "/versions/"
                        + experiment.version());
                assertThat(view.path("modelVersion").path("metrics").has("accuracy")).isTrue();
                JsonNode input = view.path("trainingRuns").path(0).path("inputs").path(0);
                assertThat(input.path("name").asText()).isEqualTo("churn_features");
                featureHashes.add(input.path("contentHash").asText());
                JsonNode featureStep = producer(view, input.path("contentHash").asText());
                assertThat(featureStep.path("job").path("name").asText()).isEqualTo("featurize");
                assertThat(featureStep.path("code").path("commit").asText()).isEqualTo(experiment.featureCommit());
                assertThat(featureStep.path("parameters").path("scaler").asText()).isEqualTo(experiment.scaler());
                JsonNode rows = featureStep.path("inputs").path(0);
                JsonNode subsetStep = producer(view, rows.path("contentHash").asText());
                assertThat(subsetStep.path("job").path("name").asText()).isEqualTo("select_rows");
                assertThat(subsetStep.path("parameters").path("where").asText())
                        .startsWith(experiment.subsetMinimum() == null ? "all" : experiment.subsetColumn());
            }
            assertThat(featureHashes).as("every candidate trained on its own features version")
                    .hasSize(ExperimentsScenario.EXPERIMENTS.size());

            JsonNode subset = harness.compare(model, "1", "2");
            assertThat(subset.path("verdict").asText()).isEqualTo("DATA_CHANGED");
            JsonNode subsetDivergence = ChurnScenarioIT.find(subset.path("data"), "churn_features").path("divergence");
            assertThat(subsetDivergence.path("kind").asText()).isEqualTo("STEP");
            assertThat(subsetDivergence.path("job").asText()).endsWith("/select_rows");
            assertThat(subsetDivergence.path("parameterChanges").has("where")).isTrue();

            JsonNode newCode = harness.compare(model, "1", "5");
            assertThat(ChurnScenarioIT.find(newCode.path("data"), "churn_training_rows").path("status").asText())
                    .isEqualTo("SAME");
            JsonNode codeDivergence = ChurnScenarioIT.find(newCode.path("data"), "churn_features").path("divergence");
            assertThat(codeDivergence.path("job").asText()).endsWith("/featurize");
            assertThat(codeDivergence.path("leftCommit").asText())
                    .isNotEqualTo(codeDivergence.path("rightCommit").asText());
        }
    }

    /** The run that wrote a dataset version in a model version's lineage. */
    private static JsonNode producer(JsonNode view, String contentHash) {
        for (JsonNode dataset : view.path("datasets")) {
            if (dataset.path("contentHash").asText().equals(contentHash)) {
                String runId = dataset.path("producingRuns").path(0).asText();
                for (JsonNode node : view.path("nodes")) {
                    if (node.path("id").asText().equals(runId)) {
                        return node;
                    }
                }
            }
        }
        throw new AssertionError("no producing run of " + contentHash + " in the lineage");
    }
}
