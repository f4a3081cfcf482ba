package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.demo.RankingScenario;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.embedded.EmbeddedRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 3 on the real broker and registry: from the bad user-features version, the API lists every affected
 * run, dataset version and model version, how many predictions each served reading it, and one prediction's
 * provenance; the retrained ranker's compare points at the feature job's commit.
 */
@ExtendWith(RealRuntimeExtension.class)
class RankingScenarioIT {

    @Test
    void theBadFeatureVersionsImpactIsCountedPerModel(EmbeddedRuntime runtime) throws Exception {
        try (ScenarioHarness harness = ScenarioHarness.start(runtime, "ranking")) {
            RankingScenario.Outcome outcome = RankingScenario.run(harness.context());
            harness.awaitCaughtUp();
            var bad = outcome.badUserFeatures();
            String badId = NodeIds.datasetVersion(bad.getDataset().getNamespace(), bad.getDataset().getName(),
                    bad.getContentHash());

            JsonNode impact = harness.get("/v1/impact?node=" + ScenarioHarness.encode(badId));
            Map<String, Long> reading = new HashMap<>();
            impact.path("modelVersions").forEach(m -> reading.put(m.path("name").asText() + ":"
                    + m.path("version").asText(), m.path("predictionsReadingThisVersion").path("count").asLong()));
            assertThat(reading).as("predictions served reading the bad version, per model version")
                    .isEqualTo(outcome.servedReadingBadFeatures());
            String email = harness.names().model(RankingScenario.EMAIL);
            assertThat(reading.keySet()).noneMatch(key -> key.startsWith(email + ":"));
            List<String> jobs = new ArrayList<>();
            impact.path("runs").forEach(run -> jobs.add(run.path("job").path("name").asText()));
            assertThat(jobs).containsExactlyInAnyOrder("build_training_set", "train_ctr");
            assertThat(impact.path("datasetVersions")).singleElement()
                    .satisfies(d -> assertThat(d.path("name").asText()).isEqualTo("ctr_home_training"));

            String home = harness.names().model(RankingScenario.HOME);
            JsonNode retrained = harness.compare(home, "1", "2");
            assertThat(retrained.path("verdict").asText()).isEqualTo("DATA_CHANGED");
            JsonNode divergence = ChurnScenarioIT.find(retrained.path("data"), RankingScenario.USER_FEATURES)
                    .path("divergence");
            assertThat(divergence.path("kind").asText()).isEqualTo("STEP");
            assertThat(divergence.path("job").asText()).endsWith("/build_user_features");
            assertThat(divergence.path("rightCommit").asText()).isEqualTo(outcome.badFeatureCommit());
            assertThat(ChurnScenarioIT.find(retrained.path("data"), "product_embeddings").path("status").asText())
                    .isEqualTo("SAME");

            JsonNode provenance = harness.get("/v1/predictions/" + ScenarioHarness.encode(outcome.affectedPrediction())
                    + "/provenance");
            assertThat(provenance.path("prediction").path("features").toString()).contains(bad.getContentHash());
            assertThat(provenance.path("datasets").toString()).contains("clickstream").contains("products");

            JsonNode features = harness.get("/v1/datasets/" + ScenarioHarness.encode(bad.getDataset().getNamespace())
                    + "/" + RankingScenario.USER_FEATURES);
            assertThat(features.path("versions")).hasSize(2);
            List<String> alerts = new ArrayList<>();
            features.path("alerts").forEach(a -> alerts.add(a.path("type").asText()));
            assertThat(alerts).as("ctr_7d turned from decimals into integers").contains("SCHEMA_CHANGED")
                    .as("a new version from a new run is no in-place change").doesNotContain("HASH_CHANGED_IN_PLACE");
        }
    }
}
