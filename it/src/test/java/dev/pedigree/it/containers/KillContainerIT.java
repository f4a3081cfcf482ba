package dev.pedigree.it.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.connectors.emitter.LineageEmitter;
import dev.pedigree.demo.ApiClient;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.streams.Pipelines;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code docker kill} of one Pedigree container while predictions stream in, a dataset is mutated while it is
 * down, then {@code docker start}: the graph is the same as before, every prediction is counted exactly once and
 * each in-place mutation raised exactly one alert, as both containers tell.
 */
@ExtendWith(ClusterExtension.class)
class KillContainerIT {

    private static final String TAG = "-kill-ct";
    private static final int PREDICTIONS = 3_000;
    private static final String LAKE = "lake" + TAG;

    @Test
    void aKilledContainerComesBackWithNothingLostOrDuplicated(PedigreeCluster cluster) throws Exception {
        PedigreeContainer survivor = cluster.instance(0);
        PedigreeContainer victim = cluster.instance(1);
        String model = NodeIds.modelVersion("churn" + TAG, "1");
        String raw = NodeIds.datasetVersion("file:///data" + TAG, "users.csv", Pipelines.hash("users v1"));
        String downstream = "/v1/lineage?node=" + ApiClient.encode(raw) + "&direction=downstream&depth=10";

        try (LineageEmitter emitter = Lineage.emitter(cluster)) {
            Lineage.emit(emitter, Pipelines.csvImputeScaleTrain(TAG));
            emitter.flush();
            JsonNode graphBefore = settledGraph(new ApiClient(survivor.url()), downstream, model);

            mutateInPlace(emitter, "orders");
            for (int i = 0; i < PREDICTIONS; i++) {
                emitter.prediction(Pipelines.prediction("p/" + i + TAG, "churn" + TAG, "1", Pipelines.at(20 + i % 30),
                        Pipelines.ref("warehouse" + TAG, "users_scaled", Pipelines.hash("users scaled v1"))));
                if (i == PREDICTIONS / 3) {
                    emitter.flush();
                    // Killed mid-stream: once some of these predictions are counted.
                    ApiClient victimApi = new ApiClient(victim.url());
                    await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> victimApi.served(model) > 2);
                    PedigreeCluster.kill(victim);
                    mutateInPlace(emitter, "refunds");
                }
            }
            emitter.flush();
            assertThat(emitter.failed()).isZero();
            PedigreeCluster.restart(victim);

            for (PedigreeContainer instance : cluster.instances()) {
                ApiClient each = new ApiClient(instance.url());
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions().until(() -> each.served(model) >= PREDICTIONS + 2
                                && ourAlerts(each).size() >= 2);
            }
            for (PedigreeContainer instance : cluster.instances()) {
                ApiClient each = new ApiClient(instance.url());
                await("predictions counted once by " + instance.getContainerName() + ", and staying so")
                        .during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15))
                        .until(() -> each.served(model) == PREDICTIONS + 2);
            }
            for (PedigreeContainer instance : cluster.instances()) {
                ApiClient each = new ApiClient(instance.url());
                assertThat(each.served(model)).as("predictions counted by %s", instance.getContainerName())
                        .isEqualTo(PREDICTIONS + 2);
                assertThat(each.get(downstream)).as("the graph after the kill").isEqualTo(graphBefore);
                assertThat(ourAlerts(each)).as("alerts raised").containsExactlyInAnyOrder(
                        "HASH_CHANGED_IN_PLACE " + LAKE + "/orders", "HASH_CHANGED_IN_PLACE " + LAKE + "/refunds");
                assertThat(instance.getLogs()).as("requests %s failed while it caught up", instance.getContainerName())
                        .doesNotContain("ERROR [JettyServerThreadPool");
                assertThat(each.get("/v1/predictions/" + ApiClient.encode("p/" + (PREDICTIONS - 1) + TAG)
                        + "/provenance").path("modelVersion").path("id").asText()).isEqualTo(model);
            }
        }
    }

    /** The downstream graph once it reaches the model and stays the same for two seconds. */
    private static JsonNode settledGraph(ApiClient api, String downstream, String model) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            JsonNode graph = api.find(downstream).orElse(null);
            boolean settled = graph != null && graph.path("nodes").toString().contains(model)
                    && graph.equals(last.get());
            last.set(graph);
            return settled;
        });
        return last.get();
    }

    /** A dataset version overwritten under the same label with different content: one CRITICAL alert. */
    private static void mutateInPlace(LineageEmitter emitter, String name) {
        emitter.datasetVersion(Pipelines.dataset(LAKE, name, Pipelines.hash(name + " v1"), "2026-11-24",
                Instant.now(), null));
        emitter.datasetVersion(Pipelines.dataset(LAKE, name, Pipelines.hash(name + " v1 edited"), "2026-11-24",
                Instant.now(), null));
    }

    private static List<String> ourAlerts(ApiClient api) {
        List<String> ours = new ArrayList<>();
        for (JsonNode alert : api.get("/v1/alerts").path("alerts")) {
            JsonNode dataset = alert.path("dataset");
            if (dataset.path("namespace").asText().equals(LAKE)) {
                ours.add(alert.path("type").asText() + " " + LAKE + "/" + dataset.path("name").asText());
            }
        }
        return ours;
    }
}
