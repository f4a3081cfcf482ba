package dev.pedigree.connectors.openlineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.events.ColumnLineage;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.FieldInput;
import dev.pedigree.events.RunEvent;
import dev.pedigree.schema.EventValidator;
import dev.pedigree.schema.InvalidEventException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code columnLineage} facet in each shape producers send. The fixtures are written by hand after the
 * examples of the OpenLineage documentation (website/docs/spec/facets/dataset-facets/column_lineage_facet.md: the
 * {@code delivery_7_days → top_delivery_times} query) and of the facet's JSON schema versions 1-0-1 and 1-2-0.
 */
class OpenLineageColumnLineageTest {

    private static final DatasetId DELIVERIES = new DatasetId("food_delivery", "public.delivery_7_days");
    private static final DatasetId TOP = new DatasetId("food_delivery", "public.top_delivery_times");

    private static String event(String outputFacets) {
        return """
                {"eventType":"COMPLETE","eventTime":"2020-02-22T22:42:42.000Z","producer":"https://example.com/spark",
                 "run":{"runId":"3b452093-782c-4ef2-9c0c-aafe2aa6f34d"},
                 "job":{"namespace":"food_delivery","name":"top_delivery_times"},
                 "inputs":[{"namespace":"food_delivery","name":"public.delivery_7_days","facets":{"schema":{
                   "fields":[{"name":"order_id","type":"INTEGER"},{"name":"order_placed_on","type":"TIMESTAMP"},
                             {"name":"order_delivered_on","type":"TIMESTAMP"}]}}}],
                 "outputs":[{"namespace":"food_delivery","name":"public.top_delivery_times","facets":%s}]}"""
                .formatted(outputFacets);
    }

    private static RunEvent translate(String json) {
        RunEvent run = (RunEvent) OpenLineageTranslator.translate(json).events().get(0);
        return EventValidator.validate(run);
    }

    @Test
    void version101FieldsWithTheirOlderTransformationType() {
        RunEvent run = translate(event("""
                {"columnLineage":{"_schemaURL":"https://openlineage.io/spec/facets/1-0-1/ColumnLineageDatasetFacet.json",
                 "fields":{
                  "order_id":{"inputFields":[{"namespace":"food_delivery","name":"public.delivery_7_days",
                    "field":"order_id"}],"transformationType":"IDENTITY","transformationDescription":"identical"},
                  "order_delivery_time":{"inputFields":[
                    {"namespace":"food_delivery","name":"public.delivery_7_days","field":"order_placed_on"},
                    {"namespace":"food_delivery","name":"public.delivery_7_days","field":"order_delivered_on"}],
                    "transformationDescription":"DATEDIFF(minute, order_placed_on, order_delivered_on)",
                    "transformationType":"TRANSFORMATION"}}}}"""));
        assertThat(run.getInputs().get(0).getFields()).as("from the schema facet")
                .containsExactly("order_id", "order_placed_on", "order_delivered_on");
        assertThat(run.getColumnLineage()).hasSize(2);
        ColumnLineage id = run.getColumnLineage().get(0);
        assertThat(id.getOutput().getDataset()).isEqualTo(TOP);
        assertThat(id.getOutput().getField()).isEqualTo("order_id");
        assertThat(id.getInputs()).extracting(FieldInput::getDataset, FieldInput::getField,
                FieldInput::getTransformation, FieldInput::getIndirect, FieldInput::getDescription)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DELIVERIES, "order_id", "IDENTITY", false,
                        "identical"));
        assertThat(run.getColumnLineage().get(1).getInputs()).extracting(FieldInput::getField)
                .containsExactly("order_placed_on", "order_delivered_on");
    }

    @Test
    void version120TransformationsAndInputsThatAffectTheWholeDataset() {
        RunEvent run = translate(event("""
                {"schema":{"fields":[{"name":"order_id"},{"name":"order_delivery_time"}]},
                 "columnLineage":{"_schemaURL":"https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
                 "fields":{"order_delivery_time":{"inputFields":[
                    {"namespace":"food_delivery","name":"public.delivery_7_days","field":"order_placed_on",
                     "transformations":[{"type":"DIRECT","subtype":"TRANSFORMATION","description":"DATEDIFF",
                      "masking":false}]}]}},
                 "dataset":[{"namespace":"food_delivery","name":"public.delivery_7_days","field":"order_delivered_on",
                    "transformations":[{"type":"INDIRECT","subtype":"SORT"}]}]}}"""));
        assertThat(run.getOutputs().get(0).getFields()).containsExactly("order_id", "order_delivery_time");
        assertThat(run.getColumnLineage()).extracting(c -> c.getOutput().getField())
                .containsExactly("order_delivery_time", "order_id");
        List<FieldInput> time = run.getColumnLineage().get(0).getInputs();
        assertThat(time).extracting(FieldInput::getField, FieldInput::getTransformation, FieldInput::getIndirect)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("order_placed_on", "TRANSFORMATION", false),
                        org.assertj.core.groups.Tuple.tuple("order_delivered_on", "SORT", true));
        assertThat(run.getColumnLineage().get(1).getInputs()).as("the sort key affects every output column")
                .extracting(FieldInput::getField, FieldInput::getIndirect)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("order_delivered_on", true));
    }

    /**
     * What the Spark integration sends for {@code INSERT INTO tbl1 SELECT a AS ident, <b transformed> AS trans,
     * sum(c) AS agg FROM cll_source1 JOIN cll_source2 USING (a) WHERE … GROUP BY a, b}. Written by hand after the
     * integration's expected event {@code integration/spark/app/integrations/container/pysparkCLLEnd.json} in the
     * OpenLineage repository, with the parts its matcher leaves out (run id, event time, producer, job name) filled
     * in as the integration fills them.
     */
    @Test
    void theSparkIntegrationsColumnLineageWithSeveralTransformationsPerInput() throws Exception {
        String json;
        try (var in = getClass().getResourceAsStream("/openlineage/spark-column-lineage.json")) {
            json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        RunEvent run = translate(json);
        DatasetId source1 = new DatasetId("file", "/tmp/cll_test/cll_source1");
        DatasetId source2 = new DatasetId("file", "/tmp/cll_test/cll_source2");
        assertThat(run.getInputs()).extracting(input -> input.getDataset().getName(), input -> input.getFields())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(source1.getName(), List.of("a", "b")),
                        org.assertj.core.groups.Tuple.tuple(source2.getName(), List.of("a", "c")));
        assertThat(run.getOutputs().get(0).getFields()).containsExactly("ident", "trans", "agg");
        assertThat(run.getColumnLineage()).extracting(c -> c.getOutput().getField())
                .containsExactly("ident", "trans", "agg");
        List<FieldInput> ident = run.getColumnLineage().get(0).getInputs();
        assertThat(ident).as("one input per transformation: a is copied and also groups, joins and filters")
                .extracting(FieldInput::getDataset, FieldInput::getField, FieldInput::getTransformation,
                        FieldInput::getIndirect)
                .contains(org.assertj.core.groups.Tuple.tuple(source1, "a", "IDENTITY", false),
                        org.assertj.core.groups.Tuple.tuple(source1, "a", "FILTER", true),
                        org.assertj.core.groups.Tuple.tuple(source2, "a", "JOIN", true))
                .hasSize(7);
        List<FieldInput> agg = run.getColumnLineage().get(2).getInputs();
        assertThat(agg).filteredOn(input -> !input.getIndirect())
                .extracting(FieldInput::getDataset, FieldInput::getField, FieldInput::getTransformation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(source2, "c", "AGGREGATION"));
    }

    @Test
    void anInputFieldWithoutItsFieldNamesThePath() {
        assertThatThrownBy(() -> translate(event("""
                {"columnLineage":{"fields":{"order_id":{"inputFields":[{"namespace":"food_delivery",
                 "name":"public.delivery_7_days"}]}}}}""")))
                .isInstanceOfSatisfying(OpenLineageException.class, e -> assertThat(e.path())
                        .isEqualTo("$.outputs[0].facets.columnLineage.fields.order_id.inputFields[0].field"));
    }

    @Test
    void aColumnOfADatasetTheRunDoesNotListIsRefused() {
        assertThatThrownBy(() -> translate(event("""
                {"columnLineage":{"fields":{"order_id":{"inputFields":[{"namespace":"elsewhere",
                 "name":"orders","field":"id"}]}}}}""")))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field())
                        .isEqualTo("columnLineage[0].inputs[0].dataset"))
                .hasMessageContaining("elsewhere/orders");
    }
}
