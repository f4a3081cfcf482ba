package dev.pedigree.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pedigree.events.ColumnLineage;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.FieldInput;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenarios 2 and 3 without Kafka: the data they write and the models they train. */
class ExperimentsAndRankingScenarioTest {

    @TempDir
    Path directory;

    @Test
    void everyExperimentWritesTheSameDatasetsAtItsOwnVersion() {
        RecordingEmitter emitter = new RecordingEmitter();
        ExperimentsScenario.Outcome outcome = ExperimentsScenario.run(context(emitter));

        assertThat(outcome.versions()).hasSize(ExperimentsScenario.EXPERIMENTS.size());
        List<String> featureHashes = emitter.of(DatasetVersion.class).stream()
                .filter(d -> d.getDataset().getName().equals("churn_features")).map(DatasetVersion::getContentHash)
                .toList();
        assertThat(featureHashes).hasSize(outcome.versions().size()).doesNotHaveDuplicates();
        List<String> rowHashes = emitter.of(DatasetVersion.class).stream()
                .filter(d -> d.getDataset().getName().equals("churn_training_rows"))
                .map(DatasetVersion::getContentHash).toList();
        assertThat(rowHashes.get(0)).as("experiments 1 and 4 select the same rows").isEqualTo(rowHashes.get(3));
        assertThat(rowHashes.get(0)).isNotEqualTo(rowHashes.get(1));
        assertThat(emitter.of(ModelVersion.class)).allSatisfy(model ->
                assertThat(model.getMetrics().get("accuracy")).isBetween(0.6, 1.0));
    }

    @Test
    void theIntegerDivisionReleaseZeroesCtrAndTheRetrainedRankerIsWorse() {
        RecordingEmitter emitter = new RecordingEmitter();
        RankingScenario.Outcome outcome = RankingScenario.run(context(emitter));

        Table clicks = Table.read(directory.resolve("ranking/clickstream.csv"));
        Table good = RankingScenario.aggregateUsers(clicks, false);
        Table bad = RankingScenario.aggregateUsers(clicks, true);
        assertThat(java.util.Arrays.stream(good.values("ctr_7d")).anyMatch(ctr -> ctr > 0 && ctr < 1)).isTrue();
        assertThat(java.util.Arrays.stream(bad.values("ctr_7d")).allMatch(ctr -> ctr == 0 || ctr == 1)).isTrue();
        assertThat(outcome.badUserFeatures().getContentHash())
                .isNotEqualTo(outcome.goodUserFeatures().getContentHash());

        List<ModelVersion> home = emitter.of(ModelVersion.class).stream()
                .filter(m -> m.getName().equals(RankingScenario.HOME)).toList();
        assertThat(home).extracting(ModelVersion::getVersion).containsExactly("1", "2");
        assertThat(home.get(1).getMetrics().get("auc")).as("AUC after retraining on the bad features")
                .isLessThan(home.get(0).getMetrics().get("auc") - 0.02);

        long readingBad = emitter.of(Prediction.class).stream().filter(p -> p.getFeatures().stream()
                .anyMatch(f -> f.getContentHash().equals(outcome.badUserFeatures().getContentHash()))).count();
        assertThat(outcome.servedReadingBadFeatures().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(readingBad).isPositive();
        assertThat(outcome.servedReadingBadFeatures()).doesNotContainKey(RankingScenario.EMAIL + ":1")
                .containsKey(RankingScenario.NOTIFY + ":1");
    }

    @Test
    void everyRankingStepStatesItsColumnLineageAndOnlyTwoSurfacesReadCtr7d() {
        RecordingEmitter emitter = new RecordingEmitter();
        RankingScenario.run(context(emitter));
        List<RunEvent> completed = emitter.of(RunEvent.class).stream()
                .filter(run -> run.getState() == RunState.COMPLETE).toList();

        List<RunEvent> trainingSets = completed.stream()
                .filter(run -> run.getJob().getName().equals("build_training_set")).toList();
        assertThat(trainingSets).hasSize(5);
        Map<String, List<String>> userColumnsRead = new TreeMap<>();
        for (RunEvent run : trainingSets) {
            String surface = run.getParameters().get("surface");
            run.getInputs().stream().filter(input -> input.getDataset().getName().equals(
                    RankingScenario.USER_FEATURES)).forEach(input -> userColumnsRead.put(surface, input.getFields()));
            assertThat(run.getColumnLineage()).as(surface + ": every column of the training set has its lineage")
                    .extracting(column -> column.getOutput().getField())
                    .containsExactlyInAnyOrderElementsOf(run.getOutputs().get(0).getFields());
        }
        assertThat(userColumnsRead).containsOnlyKeys(RankingScenario.HOME, RankingScenario.SEARCH,
                RankingScenario.NOTIFY);
        assertThat(userColumnsRead.get(RankingScenario.HOME)).contains(RankingScenario.CTR_COLUMN);
        assertThat(userColumnsRead.get(RankingScenario.SEARCH)).contains(RankingScenario.CTR_COLUMN);
        assertThat(userColumnsRead.get(RankingScenario.NOTIFY)).isNotEmpty()
                .doesNotContain(RankingScenario.CTR_COLUMN);

        RunEvent userFeatures = completed.stream()
                .filter(run -> run.getJob().getName().equals("build_user_features")).findFirst().orElseThrow();
        ColumnLineage ctr = userFeatures.getColumnLineage().stream()
                .filter(column -> column.getOutput().getField().equals(RankingScenario.CTR_COLUMN)).findFirst()
                .orElseThrow();
        assertThat(ctr.getInputs()).extracting(FieldInput::getField, FieldInput::getTransformation,
                FieldInput::getIndirect).contains(tuple("clicked", "AGGREGATION", false),
                        tuple("user_id", "GROUP_BY", true));
        List<RunEvent> training = completed.stream().filter(run -> run.getJob().getName().equals("train_ctr"))
                .toList();
        assertThat(training).allSatisfy(run -> assertThat(run.getInputs().get(0).getFields()).contains("clicked"));
    }

    private DemoContext context(RecordingEmitter emitter) {
        return new DemoContext(new LineageRecorder(emitter), directory, DemoNames.plain(), System.out::println);
    }
}
