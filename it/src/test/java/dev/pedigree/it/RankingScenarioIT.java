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

            String notify = harness.names().model(RankingScenario.NOTIFY);
            assertThat(reading).as("ctr-notify reads the bad version too").containsKey(notify + ":1");
            String ctr = NodeIds.datasetField(bad.getDataset().getNamespace(), bad.getDataset().getName(),
                    RankingScenario.CTR_COLUMN);
            JsonNode columnImpact = harness.get("/v1/impact?node=" + ScenarioHarness.encode(ctr));
            List<String> trainedOnCtr = new ArrayList<>();
            columnImpact.path("modelVersions").forEach(m -> trainedOnCtr.add(m.path("name").asText() + ":"
                    + m.path("version").asText()));
            String home = harness.names().model(RankingScenario.HOME);
            String search = harness.names().model(RankingScenario.SEARCH);
            assertThat(trainedOnCtr).as("the models trained on ctr_7d, and not ctr-notify, which reads user_features"
                    + " without it").containsExactlyInAnyOrder(home + ":1", home + ":2", search + ":1");
            List<String> derived = new ArrayList<>();
            columnImpact.path("fields").forEach(f -> derived.add(f.path("id").asText()));
            assertThat(derived).as("ctr_7d flows into the ctr-home and ctr-search training sets only")
                    .anyMatch(id -> id.endsWith(":ctr_home_training:ctr_7d"))
                    .anyMatch(id -> id.endsWith(":ctr_search_training:ctr_7d"))
                    .noneMatch(id -> id.contains(":ctr_notify_training:"));
            assertThat(columnImpact.path("conservativeRuns")).as("every run said which columns it read").isEmpty();

            JsonNode retrained = harness.compare(home, "1", "2");
            assertThat(retrained.path("verdict").asText()).isEqualTo("DATA_CHANGED");
            JsonNode divergence = ChurnScenarioIT.find(retrained.path("data"), RankingScenario.USER_FEATURES)
                    .path("divergence");
            assertThat(divergence.path("kind").asText()).isEqualTo("STEP");
            assertThat(divergence.path("job").asText()).endsWith("/build_user_features");
            assertThat(divergence.path("rightCommit").asText()).isEqualTo(outcome.badFeatureCommit());
            assertThat(ChurnScenarioIT.find(retrained.path("data"), "product_embeddings").path("status").asText())
                    .isEqualTo("SAME");
            JsonNode step = null;
            for (JsonNode cause : retrained.path("causes")) {
                if (cause.path("kind").asText().equals("STEP") && cause.path("job").asText()
                        .endsWith("/build_user_features")) {
                    step = cause;
                }
            }
            assertThat(step).as("the feature release is a cause").isNotNull();
            assertThat(step.path("columnPath").path("changed").toString()).as("the column the release broke")
                    .isEqualTo("[\"" + ctr + "\"]");
            String trainingCtr = NodeIds.datasetField(harness.names().namespace("ranking"),
                    "ctr_home_training", RankingScenario.CTR_COLUMN);
            assertThat(step.path("columnPath").path("intoTraining").toString()).contains(trainingCtr);
            assertThat(retrained.path("explanation").asText()).contains("user_features.ctr_7d → "
                    + "ctr_home_training.ctr_7d");

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
