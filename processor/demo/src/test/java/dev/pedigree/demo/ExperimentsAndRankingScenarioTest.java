package dev.pedigree.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import java.nio.file.Path;
import java.util.List;
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
        assertThat(outcome.servedReadingBadFeatures()).doesNotContainKey(RankingScenario.EMAIL + ":1");
    }

    private DemoContext context(RecordingEmitter emitter) {
        return new DemoContext(new LineageRecorder(emitter), directory, DemoNames.plain(), System.out::println);
    }
}
