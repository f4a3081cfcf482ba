package dev.pedigree.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventValidatorTest {

    @Test
    void acceptsEveryValidSampleEvent() {
        assertThatCode(() -> {
            EventValidator.validate(SampleEvents.datasetVersion());
            EventValidator.validate(SampleEvents.runEvent());
            EventValidator.validate(SampleEvents.modelVersion());
            EventValidator.validate(SampleEvents.prediction());
            EventValidator.validate(SampleEvents.alert());
        }).doesNotThrowAnyException();
    }

    @Test
    void namesAMalformedDatasetHash() {
        DatasetVersion event = SampleEvents.datasetVersion();
        event.setContentHash("sha256:abc");
        assertThatThrownBy(() -> EventValidator.validate(event))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("contentHash must be 'sha256:'");
    }

    @Test
    void namesTheIndexOfABadRunOutput() {
        RunEvent event = SampleEvents.runEvent();
        DatasetHash good = event.getOutputs().get(0);
        DatasetHash bad = DatasetHash.newBuilder(good).setContentHash("md5:d41d8cd98f00b204e9800998ecf8427e").build();
        event.setOutputs(List.of(good, bad));
        assertThatThrownBy(() -> EventValidator.validate(event))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.field()).isEqualTo("outputs[1].contentHash"));
    }

    @Test
    void acceptsARunInputWithoutAHash() {
        RunEvent event = SampleEvents.runEvent();
        event.setInputs(List.of(SampleEvents.datasetHash("s3://bucket", "raw", null)));
        assertThatCode(() -> EventValidator.validate(event)).doesNotThrowAnyException();
    }

    @Test
    void refusesBlankIds() {
        Prediction prediction = SampleEvents.prediction();
        prediction.setPredictionId("  ");
        assertThatThrownBy(() -> EventValidator.validate(prediction)).hasMessage("predictionId must not be blank");

        ModelVersion model = SampleEvents.modelVersion();
        model.setTrainingRunId("");
        assertThatThrownBy(() -> EventValidator.validate(model)).hasMessage("trainingRunId must not be blank");

        RunEvent run = SampleEvents.runEvent();
        run.getJob().setName("");
        assertThatThrownBy(() -> EventValidator.validate(run)).hasMessage("job.name must not be blank");
    }

    @Test
    void checksPredictionFeatureAndInputHashes() {
        Prediction prediction = SampleEvents.prediction();
        prediction.setInputHash("sha256:" + "A".repeat(64));
        assertThatThrownBy(() -> EventValidator.validate(prediction)).hasMessageStartingWith("inputHash ");

        Prediction other = SampleEvents.prediction();
        other.setFeatures(List.of(SampleEvents.datasetHash("warehouse", "", SampleEvents.hashOf("x"))));
        assertThatThrownBy(() -> EventValidator.validate(other)).hasMessage("features[0].dataset.name must not be blank");
    }
}
