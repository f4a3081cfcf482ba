package dev.pedigree.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.AlertType;
import dev.pedigree.events.Prediction;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.TraversalLimits;
import dev.pedigree.http.JacksonJsonMapper;
import dev.pedigree.report.DecisionReport;
import dev.pedigree.report.ReportPage;
import dev.pedigree.streams.TopologyFixture;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provenance report of a decision made after scenario 1's data update, built from the real topology. */
class ChurnDecisionReportTest {

    @TempDir
    Path directory;

    private TopologyFixture fixture;
    private DecisionReport report;
    private ChurnScenario.Outcome outcome;
    private RecordingEmitter emitter;

    @BeforeEach
    void runScenarioOne() {
        fixture = new TopologyFixture();
        // What the scenario emits goes straight into the topology under test.
        emitter = new RecordingEmitter(fixture::send);
        outcome = ChurnScenario.run(new DemoContext(new LineageRecorder(emitter), directory, DemoNames.plain(),
                line -> { }));
        Prediction decision = prediction(outcome.afterUpdatePrediction());
        report = DecisionReport.of(fixture.provenance().prediction(decision, TraversalLimits.DEFAULT,
                GraphReader.LATEST), fixture.alerts());
    }

    private Prediction prediction(String id) {
        return emitter.of(Prediction.class).stream().filter(p -> p.getPredictionId().equals(id)).findFirst()
                .orElseThrow();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void namesTheModelItsTrainingAndEveryDatasetBehindTheDecision() {
        assertThat(report.model().version()).isEqualTo(ChurnScenario.AFTER_DATA_UPDATE);
        assertThat(report.model().metrics()).containsKey("accuracy");
        assertThat(report.training()).singleElement().satisfies(step -> {
            assertThat(step.job()).isEqualTo("churn/train");
            assertThat(step.commit()).isEqualTo("7f3e9a1");
            assertThat(step.parameters()).containsEntry("learning_rate", "0.5");
        });
        assertThat(report.data()).extracting(DecisionReport.Data::name)
                .containsExactly("churn_customers_scaled", "churn_customers_imputed", ChurnScenario.SOURCE_NAME);
        DecisionReport.Data source = report.data().get(2);
        assertThat(source.producedBy()).as("a source has no producing step").isEmpty();
        assertThat(source.rowCount()).isEqualTo(3_000L);
        assertThat(report.data().get(1).producedBy()).singleElement()
                .satisfies(step -> assertThat(step.job()).isEqualTo("churn/impute"));
        assertThat(report.alerts()).extracting(a -> a.getType()).contains(AlertType.HASH_CHANGED_IN_PLACE,
                AlertType.SCHEMA_CHANGED);
        assertThat(new HashSet<>(report.alerts())).hasSameSizeAs(report.alerts());
    }

    @Test
    void thePageIsWordedForPeopleAndEscapesWhatTheLineageSays() {
        String html = ReportPage.html(report);
        assertThat(html).contains("Provenance of decision <code>" + outcome.afterUpdatePrediction() + "</code>")
                .contains("Made by the model", ChurnScenario.MODEL + ", version " + ChurnScenario.AFTER_DATA_UPDATE)
                .contains(report.data().get(2).contentHash())
                .contains("an original source: no recorded step produced it")
                .contains("was changed after it had been published")
                .contains("version 7f3e9a1 of https://git.example.com/ml/churn-pipeline.git");

        Prediction hostile = Prediction.newBuilder(prediction(outcome.afterUpdatePrediction()))
                .setPredictionId("<script>alert(1)</script>")
                .setAttributes(Map.of("note", "\"><img src=x onerror=alert(2)>")).build();
        String escaped = ReportPage.html(DecisionReport.of(fixture.provenance().prediction(hostile,
                TraversalLimits.DEFAULT, GraphReader.LATEST), List.of()));
        assertThat(escaped).doesNotContain("<script>alert(1)").doesNotContain("<img src=x")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(JacksonJsonMapper.MAPPER.valueToTree(report.json()).fieldNames()).toIterable()
                .contains("decision", "model", "training", "data", "alerts", "truncated");
    }
}
