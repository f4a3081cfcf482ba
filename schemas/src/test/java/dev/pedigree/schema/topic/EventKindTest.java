package dev.pedigree.schema.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.schema.SampleEvents;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class EventKindTest {

    @Test
    void eachEventGoesToItsTopicWithTheKeyDesignNames() {
        DatasetVersion dataset = SampleEvents.datasetVersion();
        RunEvent run = SampleEvents.runEvent();
        ModelVersion model = SampleEvents.modelVersion();
        Prediction prediction = SampleEvents.prediction();

        assertRecord(dataset, "pedigree.datasets",
                dataset.getDataset().getNamespace() + "/" + dataset.getDataset().getName());
        assertRecord(run, "pedigree.runs", run.getRunId());
        assertRecord(model, "pedigree.models", model.getName() + "/" + model.getVersion());
        assertRecord(prediction, "pedigree.predictions", prediction.getPredictionId());
    }

    private static void assertRecord(SpecificRecord event, String topic, String key) {
        ProducerRecord<String, SpecificRecord> record = EventKind.record(event);
        assertThat(record.topic()).isEqualTo(topic);
        assertThat(record.key()).isEqualTo(key);
        assertThat(record.value()).isSameAs(event);
    }

    @Test
    void routeNamesAreThePathsOfTheIngestionRoutes() {
        assertThat(EventKind.named("datasets")).contains(EventKind.DATASETS);
        assertThat(EventKind.named("predictions")).contains(EventKind.PREDICTIONS);
        assertThat(EventKind.named("alerts")).isEmpty();
        assertThat(EventKind.named("Runs")).isEmpty();
    }

    @Test
    void anAlertIsNoEventToPublish() {
        assertThatThrownBy(() -> EventKind.of(SampleEvents.alert()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LineageAlert");
    }

    @Test
    void aKeyIsAskedOfItsOwnKindOnly() {
        assertThatThrownBy(() -> EventKind.RUNS.key(SampleEvents.prediction()))
                .isInstanceOf(ClassCastException.class);
    }
}
