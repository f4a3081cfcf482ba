package dev.pedigree.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.Prediction;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.TraversalLimits;
import dev.pedigree.streams.Pipelines;
import dev.pedigree.streams.TopologyFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionReportTest {

    @Test
    void aModelWhoseTrainingRunWasNeverRecordedNamesTheRunByItsIdAlone() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            fixture.send(Pipelines.model("ctr", "1", "train-1", Pipelines.at(0), 0.9));
            Prediction prediction = Pipelines.prediction("p-1", "ctr", "1", Pipelines.at(1));
            fixture.send(prediction);

            DecisionReport report = DecisionReport.of(fixture.provenance().prediction(prediction,
                    TraversalLimits.DEFAULT, GraphReader.LATEST), List.of());

            assertThat(report.model().name()).isEqualTo("ctr");
            assertThat(report.training()).singleElement().satisfies(step -> {
                assertThat(step.runId()).isEqualTo("train-1");
                assertThat(step.job()).as("none recorded").isNull();
                assertThat(step.parameters()).isEmpty();
            });
            assertThat(ReportPage.html(report)).contains("train-1");
        }
    }
}
