package dev.pedigree.connectors.openlineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import dev.pedigree.schema.EventValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Translation of OpenLineage events written after the published spec (fixtures in resources/openlineage). */
class OpenLineageTranslatorTest {

    private static final String H1 = "sha256:" + "a".repeat(64);
    private static final String H2 = "sha256:" + "b".repeat(64);

    private static String fixture(String name) throws IOException {
        try (InputStream in = OpenLineageTranslatorTest.class.getResourceAsStream("/openlineage/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aStartEventBecomesARunWithJobCodeParentParametersAndInputs() throws Exception {
        OpenLineageTranslator.Translation translation = OpenLineageTranslator.translate(fixture("run-start.json"));
        assertThat(translation.kind()).isEqualTo("RunEvent");
        RunEvent run = (RunEvent) translation.events().get(0);
        EventValidator.validate(run);
        assertThat(run.getRunId()).isEqualTo("0195b3a2-7c1e-7f5a-9d3e-2f4b6a8c1d2e");
        assertThat(run.getState()).isEqualTo(RunState.START);
        assertThat(run.getJob().getName()).isEqualTo("churn_dag.impute");
        assertThat(run.getParentRunId()).isEqualTo("0195b3a2-0000-7f5a-9d3e-2f4b6a8c1d2e");
        assertThat(run.getCode().getRepository()).isEqualTo("https://git.example.com/churn.git");
        assertThat(run.getCode().getCommit()).isEqualTo("4e1d2c9");
        assertThat(run.getParameters()).containsEntry("strategy", "median").containsEntry("seed", "42");
        assertThat(run.getInputs()).hasSize(2);
        assertThat(run.getInputs().get(0).getContentHash()).isEqualTo(H1);
        assertThat(run.getInputs().get(1).getContentHash()).as("no hash: kept, flagged").isNull();
        assertThat(translation.unhashed()).containsExactly("postgres://db:5432/crm.accounts");
        assertThat(run.getFacets()).containsEntry("pedigree.unhashed", "postgres://db:5432/crm.accounts");
    }

    @Test
    void aCompleteEventCarriesOutputsHashedThroughThePedigreeFacet() throws Exception {
        RunEvent run = (RunEvent) OpenLineageTranslator.translate(fixture("run-complete.json")).events().get(0);
        assertThat(run.getState()).isEqualTo(RunState.COMPLETE);
        assertThat(run.getOutputs()).singleElement().satisfies(o -> assertThat(o.getContentHash()).isEqualTo(H2));
    }

    @Test
    void theSameOpenLineageEventAlwaysGetsTheSameEventId() throws Exception {
        String json = fixture("run-start.json");
        assertThat(((RunEvent) OpenLineageTranslator.translate(json).events().get(0)).getEventId())
                .isEqualTo(((RunEvent) OpenLineageTranslator.translate(json).events().get(0)).getEventId());
    }

    @Test
    void aDatasetEventWithAHashBecomesADatasetVersionAndAJobEventNothing() throws Exception {
        DatasetVersion version = (DatasetVersion) OpenLineageTranslator.translate(fixture("dataset-event.json"))
                .events().get(0);
        assertThat(version.getDataset().getName()).isEqualTo("raw/users.csv");
        assertThat(version.getContentHash()).isEqualTo(H1);
        assertThat(OpenLineageTranslator.translate(fixture("job-event.json")).events()).isEmpty();
    }

    @Test
    void invalidEventsNameTheJsonPath() throws Exception {
        String noRunId = fixture("run-complete.json").replace("\"runId\": \"0195b3a2-7c1e-7f5a-9d3e-2f4b6a8c1d2e\"",
                "\"runId\": \"\"");
        assertThatThrownBy(() -> OpenLineageTranslator.translate(noRunId))
                .isInstanceOfSatisfying(OpenLineageException.class, e -> assertThat(e.path()).isEqualTo("$.run.runId"));
        assertThatThrownBy(() -> OpenLineageTranslator.translate("{\"producer\":\"p\"}"))
                .isInstanceOfSatisfying(OpenLineageException.class, e -> assertThat(e.path()).isEqualTo("$.eventTime"));
        assertThatThrownBy(() -> OpenLineageTranslator.translate("[1"))
                .isInstanceOfSatisfying(OpenLineageException.class, e -> assertThat(e.path()).isEqualTo("$"));
        String badRunId = fixture("run-complete.json").replace("0195b3a2-7c1e-7f5a-9d3e-2f4b6a8c1d2e", "not-a-uuid");
        assertThatThrownBy(() -> OpenLineageTranslator.translate(badRunId))
                .isInstanceOfSatisfying(OpenLineageException.class, e -> assertThat(e.path()).isEqualTo("$.run.runId"))
                .hasMessageContaining("must be a UUID, got 'not-a-uuid'");
    }

    @Test
    void aRunEventWithoutItsRunIsRefusedNotTakenForAJobEvent() throws Exception {
        String noRun = "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2026-11-24T10:00:00Z\",\"producer\":\"p\","
                + "\"job\":{\"namespace\":\"n\",\"name\":\"j\"}}";
        assertThatThrownBy(() -> OpenLineageTranslator.translate(noRun))
                .isInstanceOfSatisfying(OpenLineageException.class, e -> assertThat(e.path()).isEqualTo("$.run"))
                .hasMessageContaining("is required");
        String unknownType = fixture("run-complete.json").replace("\"COMPLETE\"", "\"DONE\"");
        assertThatThrownBy(() -> OpenLineageTranslator.translate(unknownType))
                .isInstanceOfSatisfying(OpenLineageException.class, e -> assertThat(e.path()).isEqualTo("$.eventType"));
        String jobEvent = "{\"eventTime\":\"2026-11-24T10:00:00Z\",\"producer\":\"p\",\"job\":{\"namespace\":\"n\","
                + "\"name\":\"j\"}}";
        assertThat(OpenLineageTranslator.translate(jobEvent).kind()).as("a JobEvent has no eventType")
                .isEqualTo("JobEvent");
    }
}
