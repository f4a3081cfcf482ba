package dev.pedigree.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.graph.Direction;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.events.ColumnLineage;
import dev.pedigree.events.DatasetField;
import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.FieldInput;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import dev.pedigree.graph.TraversalLimits;
import dev.pedigree.http.answers.Answers;
import dev.pedigree.http.answers.SubgraphView;
import dev.pedigree.streams.Pipelines;
import dev.pedigree.streams.TopologyFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class LineageJsonTest {

    private static final String TRAIN = NodeIds.run("train-1");
    private static final String SCALED = NodeIds.datasetVersion("warehouse", "users_scaled",
            Pipelines.hash("users scaled v1"));

    @Test
    void theStreamedAnswerIsTheLineageRecordAsJacksonWritesIt() throws IOException {
        try (TopologyFixture pipeline = new TopologyFixture()) {
            Pipelines.csvImputeScaleTrain().forEach(pipeline::send);
            NodeJsonCache cache = new NodeJsonCache(pipeline.graphIndex(), 1 << 20);
            for (Direction direction : Direction.values()) {
                for (String root : List.of(TRAIN, SCALED, NodeIds.job("churn", "train"))) {
                    assertThat(streamed(pipeline, cache, root, direction, GraphReader.LATEST))
                            .as("%s of %s", direction, root)
                            .isEqualTo(jackson(pipeline, root, direction, GraphReader.LATEST));
                }
            }
            long beforeScaling = Pipelines.at(3).toEpochMilli();
            JsonNode early = streamed(pipeline, cache, TRAIN, Direction.BOTH, Pipelines.at(6).toEpochMilli());
            assertThat(early).isEqualTo(jackson(pipeline, TRAIN, Direction.BOTH, Pipelines.at(6).toEpochMilli()));
            assertThat(streamed(pipeline, cache, SCALED, Direction.UPSTREAM, beforeScaling))
                    .isEqualTo(jackson(pipeline, SCALED, Direction.UPSTREAM, beforeScaling));
        }
    }

    @Test
    void aNodeWrittenAgainIsAnsweredWithItsNewDetails() throws IOException {
        try (TopologyFixture pipeline = new TopologyFixture()) {
            List<SpecificRecord> events = Pipelines.csvImputeScaleTrain();
            events.subList(0, 7).forEach(pipeline::send); // up to the training run's START
            NodeJsonCache cache = new NodeJsonCache(pipeline.graphIndex(), 1 << 20);
            assertThat(run(streamed(pipeline, cache, SCALED, Direction.DOWNSTREAM, GraphReader.LATEST))
                    .path("state").asText()).isEqualTo("START");

            pipeline.send(events.get(7)); // COMPLETE
            JsonNode after = streamed(pipeline, cache, SCALED, Direction.DOWNSTREAM, GraphReader.LATEST);
            assertThat(run(after).path("state").asText()).as("not the cached START").isEqualTo("COMPLETE");
            assertThat(after).isEqualTo(jackson(pipeline, SCALED, Direction.DOWNSTREAM, GraphReader.LATEST));
        }
    }

    @Test
    void aCacheOfNoBytesAnswersAlike() throws IOException {
        try (TopologyFixture pipeline = new TopologyFixture()) {
            Pipelines.csvImputeScaleTrain().forEach(pipeline::send);
            NodeJsonCache none = new NodeJsonCache(pipeline.graphIndex(), 0);
            assertThat(streamed(pipeline, none, TRAIN, Direction.BOTH, GraphReader.LATEST))
                    .isEqualTo(jackson(pipeline, TRAIN, Direction.BOTH, GraphReader.LATEST));
        }
    }

    @Test
    void columnsAndTheirLabelledDerivationsAreWrittenAsJacksonWritesThem() throws IOException {
        DatasetId clicks = new DatasetId("warehouse", "clicks");
        DatasetId features = new DatasetId("features", "user_features");
        try (TopologyFixture pipeline = new TopologyFixture()) {
            pipeline.send(RunEvent.newBuilder(Pipelines.run("build-features", "build-features", RunState.COMPLETE,
                            Pipelines.at(5), List.of(columns(clicks, "clicks v1", "ctr_7d", "user_id")),
                            List.of(columns(features, "features v1", "ctr_7d", "clicks_7d")), null, Map.of()))
                    .setColumnLineage(List.of(
                            new ColumnLineage(new DatasetField(features, "ctr_7d"), List.of(
                                    new FieldInput(clicks, "ctr_7d", "IDENTITY", false, false, null),
                                    new FieldInput(clicks, "user_id", "GROUP_BY", true, false, null))),
                            new ColumnLineage(new DatasetField(features, "clicks_7d"), List.of(
                                    new FieldInput(clicks, "user_id", "AGGREGATION", false, false, "count")))))
                    .build());
            NodeJsonCache cache = new NodeJsonCache(pipeline.graphIndex(), 1 << 20);
            for (Direction direction : Direction.values()) {
                for (String root : List.of(NodeIds.datasetField("warehouse", "clicks", "user_id"),
                        NodeIds.datasetField("features", "user_features", "ctr_7d"), NodeIds.run("build-features"))) {
                    JsonNode streamed = streamed(pipeline, cache, root, direction, GraphReader.LATEST);
                    assertThat(streamed).as("%s of %s", direction, root)
                            .isEqualTo(jackson(pipeline, root, direction, GraphReader.LATEST));
                }
            }
            JsonNode derived = streamed(pipeline, cache, NodeIds.datasetField("warehouse", "clicks", "user_id"),
                    Direction.DOWNSTREAM, GraphReader.LATEST).path("edges");
            assertThat(derived.findValuesAsText("runId")).containsOnly("build-features").hasSize(2);
        }
    }

    @Test
    void theNodesViewListsTheNodesReachedWithTheirDepthsAndNoEdges() throws IOException {
        try (TopologyFixture pipeline = new TopologyFixture()) {
            Pipelines.csvImputeScaleTrain().forEach(pipeline::send);
            NodeJsonCache cache = new NodeJsonCache(pipeline.graphIndex(), 1 << 20);
            for (Direction direction : Direction.values()) {
                JsonNode full = jackson(pipeline, SCALED, direction, GraphReader.LATEST);
                JsonNode nodes = streamed(pipeline, cache, SCALED, direction, GraphReader.LATEST,
                        LineageJson.View.NODES);
                assertThat(nodes.path("root").asText()).isEqualTo(SCALED);
                assertThat(nodes.has("edges")).as("no edges in the nodes view").isFalse();
                assertThat(nodes.path("truncated")).isEqualTo(full.path("truncated"));
                assertThat(nodes.path("nodes")).as("%s of %s", direction, SCALED).hasSize(full.path("nodes").size());
                for (int i = 0; i < full.path("nodes").size(); i++) {
                    JsonNode reached = nodes.path("nodes").get(i);
                    JsonNode detailed = full.path("nodes").get(i);
                    assertThat(reached.properties()).extracting(Map.Entry::getKey)
                            .containsExactly("id", "kind", "firstSeen", "depth");
                    for (String field : List.of("id", "kind", "firstSeen", "depth")) {
                        assertThat(reached.path(field)).as(field).isEqualTo(detailed.path(field));
                    }
                }
            }
        }
    }

    private static DatasetHash columns(DatasetId dataset, String content, String... fields) {
        return DatasetHash.newBuilder().setDataset(dataset).setContentHash(Pipelines.hash(content))
                .setFields(List.of(fields)).build();
    }

    private static JsonNode run(JsonNode answer) {
        for (JsonNode node : answer.path("nodes")) {
            if (node.path("id").asText().equals(TRAIN)) {
                return node;
            }
        }
        throw new AssertionError("no " + TRAIN + " in " + answer);
    }

    private static JsonNode streamed(TopologyFixture pipeline, NodeJsonCache cache, String root, Direction direction,
            long asOf) throws IOException {
        return streamed(pipeline, cache, root, direction, asOf, LineageJson.View.FULL);
    }

    private static JsonNode streamed(TopologyFixture pipeline, NodeJsonCache cache, String root, Direction direction,
            long asOf, LineageJson.View view) throws IOException {
        GraphReader graph = pipeline.graph();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JacksonJsonMapper.MAPPER.createGenerator(out)) {
            LineageJson.write(json, root, graph.reach(root, direction, TraversalLimits.DEFAULT, asOf, view.parts()),
                    graph, cache, view);
        }
        return JacksonJsonMapper.MAPPER.readTree(out.toByteArray());
    }

    /** The answer as the route wrote it before it streamed: Jackson over the record of the traversal. */
    private static JsonNode jackson(TopologyFixture pipeline, String root, Direction direction, long asOf)
            throws IOException {
        return JacksonJsonMapper.MAPPER.readTree(JacksonJsonMapper.MAPPER.writeValueAsBytes(new Answers.Lineage(root,
                SubgraphView.of(pipeline.graph().traverse(root, direction, TraversalLimits.DEFAULT, asOf)))));
    }
}
