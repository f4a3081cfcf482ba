package dev.pedigree.it.containers;

import dev.pedigree.connectors.emitter.KafkaLineageEmitter;
import dev.pedigree.connectors.emitter.LineageEmitter;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** The suite publishes lineage as pipelines do: through the Java emitter, to the broker's 127.0.0.1 port. */
final class Lineage {

    private Lineage() {
    }

    static LineageEmitter emitter(PedigreeCluster cluster) {
        return new KafkaLineageEmitter(Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "schema.registry.url", cluster.registryUrl()));
    }

    static void emit(LineageEmitter emitter, List<SpecificRecord> events) {
        events.forEach(event -> emit(emitter, event));
    }

    static void emit(LineageEmitter emitter, SpecificRecord event) {
        if (event instanceof DatasetVersion e) {
            emitter.datasetVersion(e);
        } else if (event instanceof RunEvent e && (e.getState() == RunState.START || e.getState() == RunState.RUNNING)) {
            emitter.runStarted(e);
        } else if (event instanceof RunEvent e) {
            emitter.runCompleted(e);
        } else if (event instanceof ModelVersion e) {
            emitter.modelVersion(e);
        } else {
            emitter.prediction((Prediction) event);
        }
    }
}
