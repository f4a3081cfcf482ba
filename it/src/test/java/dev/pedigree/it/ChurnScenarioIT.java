package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.demo.ChurnScenario;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.embedded.EmbeddedRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 1 on the real broker and registry: after the CRM export is overwritten in place, the API names the
 * data change, where the lineages diverge, the alerts, and tells parameter and code changes apart.
 */
@ExtendWith(RealRuntimeExtension.class)
class ChurnScenarioIT {

    @Test
    void theApiExplainsTheAccuracyDrop(EmbeddedRuntime runtime) throws Exception {
        try (ScenarioHarness harness = ScenarioHarness.start(runtime, "churn")) {
            ChurnScenario.Outcome outcome = ChurnScenario.run(harness.context());
            harness.awaitCaughtUp();
            String model = outcome.model();
            String source = outcome.source().getNamespace() + "/" + outcome.source().getName();

            JsonNode dataChange = harness.compare(model, ChurnScenario.BASELINE, ChurnScenario.AFTER_DATA_UPDATE);
            assertThat(dataChange.path("verdict").asText()).isEqualTo("DATA_CHANGED");
            assertThat(dataChange.path("metrics").path("accuracy").path("delta").asDouble()).isNegative();
            JsonNode sourceDiff = find(dataChange.path("data"), outcome.source().getName());
            assertThat(sourceDiff.path("status").asText()).isEqualTo("CHANGED");
            assertThat(sourceDiff.path("divergence").path("kind").asText()).isEqualTo("SOURCE");
            assertThat(sourceDiff.path("divergence").path("dataset").asText()).isEqualTo(source);
            JsonNode scaled = find(dataChange.path("data"), "churn_customers_scaled");
            assertThat(scaled.path("status").asText()).isEqualTo("CHANGED");
            assertThat(scaled.path("divergence").path("dataset").asText())
                    .as("walking up from the features ends at the source").isEqualTo(source);
            assertThat(dataChange.path("explanation").asText()).contains(source);

            JsonNode retuned = harness.compare(model, ChurnScenario.BASELINE, ChurnScenario.OTHER_HYPERPARAMETERS);
            assertThat(retuned.path("verdict").asText()).isEqualTo("PARAMETERS_CHANGED");
            assertThat(retuned.path("hyperparameters").has("learning_rate")).isTrue();
            assertThat(retuned.path("data")).allSatisfy(d -> assertThat(d.path("status").asText()).isEqualTo("SAME"));

            JsonNode recoded = harness.compare(model, ChurnScenario.BASELINE, ChurnScenario.OTHER_CODE);
            assertThat(recoded.path("verdict").asText()).isEqualTo("CODE_CHANGED");
            assertThat(recoded.path("code").path("left").asText())
                    .isNotEqualTo(recoded.path("code").path("right").asText());

            String datasetPath = "/v1/datasets/" + ScenarioHarness.encode(outcome.source().getNamespace()) + "/"
                    + ScenarioHarness.encode(outcome.source().getName());
            List<String> types = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                types.clear();
                harness.get(datasetPath).path("alerts").forEach(a -> types.add(a.path("type").asText()));
                assertThat(types).contains("HASH_CHANGED_IN_PLACE", "SCHEMA_CHANGED");
            });
            assertThat(types).as("one alert per anomaly").doesNotHaveDuplicates()
                    .doesNotContain("UNDECLARED_CHANGE");
            JsonNode inPlace = null;
            for (JsonNode alert : harness.get(datasetPath).path("alerts")) {
                if (alert.path("type").asText().equals("HASH_CHANGED_IN_PLACE")) {
                    inPlace = alert;
                }
            }
            assertThat(inPlace.path("severity").asText()).isEqualTo("CRITICAL");
            assertThat(inPlace.path("versionLabel").asText()).isEqualTo(outcome.sourceLabel());
            // Affected nodes are what the global graph held downstream of the old content when the change was
            // seen: with this test's processor still catching up on the shared topics, possibly nothing yet.
            String oldVersion = NodeIds.datasetVersion(outcome.source().getNamespace(), outcome.source().getName(),
                    inPlace.path("expectedHash").asText());
            List<String> downstream = new ArrayList<>();
            harness.get("/v1/lineage?node=" + ScenarioHarness.encode(oldVersion) + "&direction=downstream")
                    .path("nodes").forEach(n -> downstream.add(n.path("id").asText()));
            assertThat(downstream).contains(NodeIds.modelVersion(model, ChurnScenario.BASELINE));
            List<String> affected = new ArrayList<>();
            inPlace.path("affected").forEach(a -> affected.add(a.asText()));
            assertThat(affected).isSubsetOf(downstream);
            assertThat(inPlace.path("expectedHash").asText()).isEqualTo(sourceDiff.path("leftHashes").path(0).asText());
            assertThat(inPlace.path("observedHash").asText())
                    .isEqualTo(sourceDiff.path("rightHashes").path(0).asText());

            long served = harness.expectations().predictionsByModelVersion()
                    .get(NodeIds.modelVersion(model, ChurnScenario.AFTER_DATA_UPDATE));
            assertThat(harness.get("/v1/models/" + ScenarioHarness.encode(model) + "/versions/"
                    + ChurnScenario.AFTER_DATA_UPDATE).path("predictions").path("count").asLong()).isEqualTo(served);

            JsonNode provenance = harness.get("/v1/predictions/"
                    + ScenarioHarness.encode(outcome.afterUpdatePrediction()) + "/provenance");
            assertThat(provenance.path("modelVersion").path("version").asText())
                    .isEqualTo(ChurnScenario.AFTER_DATA_UPDATE);
            assertThat(provenance.path("datasets").toString())
                    .contains(sourceDiff.path("rightHashes").path(0).asText())
                    .doesNotContain(sourceDiff.path("leftHashes").path(0).asText());
        }
    }

    static JsonNode find(JsonNode data, String name) {
        for (JsonNode dataset : data) {
            if (dataset.path("name").asText().equals(name)) {
                return dataset;
            }
        }
        throw new AssertionError("no dataset " + name + " in " + data);
    }
}
