package dev.pedigree.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipelines of scenario 1 without Kafka: what they emit and what their models learn. */
class ChurnScenarioTest {

    @TempDir
    Path directory;

    @Test
    void theDataUpdateLowersHoldoutAccuracyAndTheVariantsKeepTheData() {
        RecordingEmitter emitter = new RecordingEmitter();
        List<String> progress = new ArrayList<>();
        ChurnScenario.Outcome outcome = ChurnScenario.run(new DemoContext(new LineageRecorder(emitter), directory,
                DemoNames.plain(), progress::add));
        progress.forEach(System.out::println);

        List<ModelVersion> models = emitter.of(ModelVersion.class);
        assertThat(models).extracting(ModelVersion::getVersion).containsExactly("1", "2", "3", "4");
        double v1 = models.get(0).getMetrics().get("accuracy");
        double v2 = models.get(1).getMetrics().get("accuracy");
        assertThat(v1).as("baseline holdout accuracy").isGreaterThan(0.7);
        assertThat(v2).as("accuracy after tenure switched to years").isLessThan(v1 - 0.05);

        List<DatasetVersion> exports = emitter.of(DatasetVersion.class).stream()
                .filter(d -> d.getDataset().getName().equals(ChurnScenario.SOURCE_NAME)).toList();
        assertThat(exports).hasSize(2);
        assertThat(exports).extracting(DatasetVersion::getVersionLabel).containsOnly(ChurnScenario.SOURCE_LABEL);
        assertThat(exports.get(0).getContentHash()).isNotEqualTo(exports.get(1).getContentHash());
        assertThat(exports.get(0).getSchemaFingerprint()).as("decimal tenure changes the inferred type")
                .isNotEqualTo(exports.get(1).getSchemaFingerprint());

        RunEvent trainV1 = training(emitter, models.get(0));
        RunEvent trainV3 = training(emitter, models.get(2));
        RunEvent trainV4 = training(emitter, models.get(3));
        assertThat(trainV3.getInputs()).isEqualTo(trainV1.getInputs());
        assertThat(trainV4.getInputs()).isEqualTo(trainV1.getInputs());
        assertThat(trainV4.getCode().getCommit()).isNotEqualTo(trainV1.getCode().getCommit());
        assertThat(models.get(2).getHyperparameters().get("learning_rate"))
                .isNotEqualTo(models.get(0).getHyperparameters().get("learning_rate"));
        assertThat(outcome.baselinePrediction()).isEqualTo("churn-v1-1");
    }

    @Test
    void theSameSeedGivesTheSameHashes(@TempDir Path other) {
        RecordingEmitter first = new RecordingEmitter();
        RecordingEmitter second = new RecordingEmitter();
        ChurnScenario.run(new DemoContext(new LineageRecorder(first), directory, DemoNames.plain(), line -> { }));
        ChurnScenario.run(new DemoContext(new LineageRecorder(second), other, DemoNames.plain(), line -> { }));
        assertThat(second.of(DatasetVersion.class)).extracting(DatasetVersion::getContentHash)
                .isEqualTo(first.of(DatasetVersion.class).stream().map(DatasetVersion::getContentHash).toList());
        assertThat(second.of(ModelVersion.class)).extracting(ModelVersion::getArtifactHash)
                .isEqualTo(first.of(ModelVersion.class).stream().map(ModelVersion::getArtifactHash).toList());
    }

    private static RunEvent training(RecordingEmitter emitter, ModelVersion model) {
        return emitter.of(RunEvent.class).stream()
                .filter(run -> run.getRunId().equals(model.getTrainingRunId()) && run.getState() == RunState.COMPLETE)
                .findFirst().orElseThrow();
    }
}
