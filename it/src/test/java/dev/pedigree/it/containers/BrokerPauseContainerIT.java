package dev.pedigree.it.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.pedigree.connectors.emitter.LineageEmitter;
import dev.pedigree.demo.ApiClient;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.streams.Pipelines;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * {@code docker pause} of the broker for 30 s while a pipeline keeps emitting: afterwards both Pedigree containers
 * recover by themselves (no restart, same process), report ready, and count every prediction exactly once.
 */
@ExtendWith(ClusterExtension.class)
class BrokerPauseContainerIT {

    private static final Logger log = LoggerFactory.getLogger(BrokerPauseContainerIT.class);
    private static final String TAG = "-pause-ct";
    private static final Duration PAUSE = Duration.ofSeconds(30);
    private static final int PER_PHASE = 500;

    @Test
    void processorsRecoverOnTheirOwnAfterTheBrokerFreezes(PedigreeCluster cluster) throws Exception {
        String model = NodeIds.modelVersion("churn" + TAG, "1");
        Map<String, String> startedAt = new HashMap<>();
        for (PedigreeContainer instance : cluster.instances()) {
            startedAt.put(instance.getContainerId(), inspect(instance.getContainerId()).getState().getStartedAt());
        }
        try (LineageEmitter emitter = Lineage.emitter(cluster)) {
            Lineage.emit(emitter, Pipelines.csvImputeScaleTrain(TAG));
            predictions(emitter, "before");
            emitter.flush();
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> new ApiClient(cluster.instance(0).url()).served(model) == PER_PHASE + 2);

            PedigreeCluster.pause(cluster.broker());
            long paused = System.nanoTime();
            try {
                predictions(emitter, "during"); // buffered by the producer while the broker is frozen
                // The broker stays frozen for PAUSE, and no Pedigree container dies meanwhile.
                await("Pedigree containers running while the broker is paused").during(PAUSE)
                        .atMost(PAUSE.plusSeconds(10)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> cluster.instances().stream().allMatch(instance -> inspect(
                                instance.getContainerId()).getState().getRunning()));
            } finally {
                PedigreeCluster.unpause(cluster.broker());
            }
            predictions(emitter, "after");
            emitter.flush();
            assertThat(emitter.failed()).as("events the emitter could not deliver").isZero();

            for (PedigreeContainer instance : cluster.instances()) {
                ApiClient api = new ApiClient(instance.url());
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .until(() -> api.get("/health/ready").path("status").asText().equals("READY")
                                && api.served(model) >= 3L * PER_PHASE + 2);
                log.info("{} ready and caught up {} s after the broker was unpaused", instance.getContainerName(),
                        Duration.ofNanos(System.nanoTime() - paused).minus(PAUSE).toSeconds());
            }
            for (PedigreeContainer instance : cluster.instances()) {
                ApiClient api = new ApiClient(instance.url());
                await("predictions counted once by " + instance.getContainerName() + ", and staying so")
                        .during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15))
                        .until(() -> api.served(model) == 3L * PER_PHASE + 2);
            }
            for (PedigreeContainer instance : cluster.instances()) {
                assertThat(new ApiClient(instance.url()).served(model)).as("predictions counted by %s",
                        instance.getContainerName()).isEqualTo(3L * PER_PHASE + 2);
                InspectContainerResponse state = inspect(instance.getContainerId());
                assertThat(state.getState().getRunning()).isTrue();
                assertThat(state.getState().getStartedAt()).as("%s was not restarted", instance.getContainerName())
                        .isEqualTo(startedAt.get(instance.getContainerId()));
            }
        }
    }

    private static void predictions(LineageEmitter emitter, String phase) {
        for (int i = 0; i < PER_PHASE; i++) {
            emitter.prediction(Pipelines.prediction("p/" + phase + "-" + i + TAG, "churn" + TAG, "1",
                    Pipelines.at(20 + i % 30),
                    Pipelines.ref("warehouse" + TAG, "users_scaled", Pipelines.hash("users scaled v1"))));
        }
    }

    private static InspectContainerResponse inspect(String id) {
        return DockerClientFactory.instance().client().inspectContainerCmd(id).exec();
    }
}
