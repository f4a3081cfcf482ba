package dev.pedigree.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.store.RunDetail;
import org.junit.jupiter.api.Test;

/** OpenLineage events on pedigree.openlineage become runs and dataset versions in the graph. */
class OpenLineageTopicTest {

    private static final String HASH = "sha256:" + "c".repeat(64);

    @Test
    void aRunEventOnTheTopicBecomesARunWithItsInputs() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            fixture.sendOpenLineage("run:airflow/dag.task", """
                    {"eventType":"COMPLETE","eventTime":"2026-11-24T10:00:00Z","producer":"https://example.com/ol",
                     "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent",
                     "run":{"runId":"0195b3a2-1111-7f5a-9d3e-2f4b6a8c1d2e"},
                     "job":{"namespace":"airflow","name":"dag.task"},
                     "inputs":[{"namespace":"s3://lake","name":"in","facets":{"version":{
                        "_producer":"https://example.com/ol","_schemaURL":"https://example.com/v.json",
                        "datasetVersion":"%s"}}}],
                     "outputs":[]}""".formatted(HASH));
            fixture.sendOpenLineage("bad", "{\"not\":\"openlineage\"}");
            fixture.sendOpenLineage("dataset", """
                    {"eventTime":"2026-11-24T09:00:00Z","producer":"https://example.com/ol",
                     "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/DatasetEvent",
                     "dataset":{"namespace":"s3://lake","name":"in","facets":{"version":{
                        "_producer":"https://example.com/ol","_schemaURL":"https://example.com/v.json",
                        "datasetVersion":"%s"}}}}""".formatted(HASH));

            GraphReader graph = fixture.graph();
            RunDetail run = (RunDetail) graph.node(NodeIds.run("0195b3a2-1111-7f5a-9d3e-2f4b6a8c1d2e"),
                    GraphReader.LATEST).orElseThrow().getDetail();
            assertThat(run.getState()).isEqualTo("COMPLETE");
            assertThat(run.getInputs()).singleElement().satisfies(i -> assertThat(i.getContentHash()).isEqualTo(HASH));
            assertThat(graph.datasetVersions("s3://lake", "in", GraphReader.LATEST)).singleElement()
                    .satisfies(v -> assertThat(((dev.pedigree.graph.store.DatasetVersionDetail) v.getDetail())
                            .getObserved()).as("the DatasetEvent observed it").isTrue());
        }
    }
}
