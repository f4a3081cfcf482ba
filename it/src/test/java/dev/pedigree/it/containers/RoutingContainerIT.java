package dev.pedigree.it.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.connectors.emitter.LineageEmitter;
import dev.pedigree.demo.ApiClient;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.streams.Pipelines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Pedigree containers share the work: every prediction is owned by exactly one of them (the other one refuses
 * to answer a request already forwarded once), each owns some, and both answer every prediction, the same way.
 */
@ExtendWith(ClusterExtension.class)
class RoutingContainerIT {

    private static final String TAG = "-routing-ct";
    private static final int PREDICTIONS = 200;
    private static final String FORWARDED = "X-Pedigree-Forwarded";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void eachPredictionHasOneOwnerAndBothContainersAnswerIt(PedigreeCluster cluster) throws Exception {
        try (LineageEmitter emitter = Lineage.emitter(cluster)) {
            Lineage.emit(emitter, Pipelines.csvImputeScaleTrain(TAG));
            for (int i = 0; i < PREDICTIONS; i++) {
                emitter.prediction(Pipelines.prediction(id(i), "churn" + TAG, "1", Pipelines.at(20 + i % 30),
                        Pipelines.ref("warehouse" + TAG, "users_scaled", Pipelines.hash("users scaled v1"))));
            }
            emitter.flush();
            assertThat(emitter.failed()).isZero();
        }
        String model = NodeIds.modelVersion("churn" + TAG, "1");
        for (PedigreeContainer instance : cluster.instances()) {
            await().atMost(Duration.ofMinutes(2)).until(() -> new ApiClient(instance.url()).served(model),
                    served -> served == PREDICTIONS + 2);
        }

        Map<String, Integer> owned = new HashMap<>();
        for (int i = 0; i < PREDICTIONS; i++) {
            String path = "/v1/predictions/" + ApiClient.encode(id(i)) + "/provenance";
            int owners = 0;
            for (PedigreeContainer instance : cluster.instances()) {
                if (get(instance, path, true).statusCode() == 200) {
                    owners++;
                    owned.merge(instance.getContainerName(), 1, Integer::sum);
                }
            }
            assertThat(owners).as("instances owning %s", id(i)).isEqualTo(1);
            JsonNode fromA = JSON.readTree(get(cluster.instance(0), path, false).body());
            JsonNode fromB = JSON.readTree(get(cluster.instance(1), path, false).body());
            assertThat(fromA.path("modelVersion").path("id").asText()).isEqualTo(model);
            assertThat(fromB).as("the same answer from either container").isEqualTo(fromA);
        }
        assertThat(owned).as("predictions owned per container").hasSize(2);
    }

    private HttpResponse<String> get(PedigreeContainer instance, String path, boolean alreadyForwarded)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.url() + path))
                .timeout(Duration.ofSeconds(10));
        if (alreadyForwarded) {
            request.header(FORWARDED, "1");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String id(int i) {
        return "p/" + i + TAG;
    }
}
