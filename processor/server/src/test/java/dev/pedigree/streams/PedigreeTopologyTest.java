package dev.pedigree.streams;

import static dev.pedigree.streams.Pipelines.at;
import static dev.pedigree.streams.Pipelines.hash;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunState;
import dev.pedigree.graph.Direction;
import dev.pedigree.graph.DatasetVersionInLineage;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.PredictionLookup;
import dev.pedigree.graph.Provenance;
import dev.pedigree.graph.Subgraph;
import dev.pedigree.graph.TraversalLimits;
import dev.pedigree.graph.store.DatasetVersionDetail;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.RunDetail;
import dev.pedigree.graph.store.UsageStats;
import dev.pedigree.schema.topic.TopicNames;
import dev.pedigree.graph.UsageKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The whole topology under TopologyTestDriver: graph, history, predictions, guarantees. */
class PedigreeTopologyTest {

    private static final String RAW = NodeIds.datasetVersion("file:///data", "users.csv", hash("users v1"));
    private static final String SCALED = NodeIds.datasetVersion("warehouse", "users_scaled", hash("users scaled v1"));

    @Test
    void predictionProvenanceReachesTheSourceCsvThroughEveryStep() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            Pipelines.csvImputeScaleTrain().forEach(fixture::send);

            Prediction prediction = PredictionLookup.find(fixture.predictionStore(), "p-1").orElseThrow();
            assertThat(PredictionLookup.find(fixture.predictionStore(), "p-unknown")).isEmpty();
            Provenance provenance = fixture.provenance().prediction(prediction, TraversalLimits.DEFAULT,
                    GraphReader.LATEST);

            assertThat(provenance.modelVersion().getId()).isEqualTo(NodeIds.modelVersion("churn", "1"));
            assertThat(provenance.trainingRuns()).extracting(Node::getId).containsExactly(NodeIds.run("train-1"));
            RunDetail training = (RunDetail) provenance.trainingRuns().get(0).getDetail();
            assertThat(training.getCodeCommit()).isEqualTo("a1b2c3d");
            assertThat(training.getParameters()).containsEntry("trees", "100");
            assertThat(training.getState()).isEqualTo("COMPLETE");

            Map<String, DatasetVersionInLineage> byId = new java.util.HashMap<>();
            provenance.datasets().forEach(d -> byId.put(d.version().getId(), d));
            assertThat(byId).containsKeys(RAW, SCALED,
                    NodeIds.datasetVersion("warehouse", "users_imputed", hash("users imputed v1")));
            assertThat(byId.get(SCALED).depth()).as("read directly as a feature").isEqualTo(1);
            assertThat(byId.get(SCALED).producingRuns()).containsExactly(NodeIds.run("scale-1"));
            // Shortest path: prediction → scaled (feature, 1) → scale-1 → imputed → impute-1 → raw.
            assertThat(byId.get(RAW).depth()).isEqualTo(5);
            assertThat(((DatasetVersionDetail) byId.get(RAW).version().getDetail()).getLabels())
                    .containsExactly("2026-11-01");
            assertThat(provenance.graph().truncated()).isFalse();
        }
    }

    @Test
    void modelLineageAndDatasetHistory() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            Pipelines.csvImputeScaleTrain().forEach(fixture::send);
            String newer = hash("users v2");
            fixture.send(Pipelines.dataset("file:///data", "users.csv", newer, "2026-11-02", at(60), null));

            Provenance lineage = fixture.provenance().modelVersion("churn", "1", TraversalLimits.DEFAULT,
                    GraphReader.LATEST);
            assertThat(lineage.datasets()).extracting(d -> d.version().getId()).contains(RAW, SCALED)
                    .doesNotContain(NodeIds.datasetVersion("file:///data", "users.csv", newer));

            List<Node> history = fixture.graph().datasetVersions("file:///data", "users.csv", GraphReader.LATEST);
            assertThat(history).extracting(Node::getId)
                    .containsExactly(RAW, NodeIds.datasetVersion("file:///data", "users.csv", newer));
            assertThat(fixture.graph().datasetVersions("file:///data", "users.csv", at(30).toEpochMilli()))
                    .extracting(Node::getId).containsExactly(RAW);
        }
    }

    @Test
    void asOfHidesWhatWasNotSeenYet() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            Pipelines.csvImputeScaleTrain().forEach(fixture::send);
            GraphReader graph = fixture.graph();
            Subgraph before = graph.traverse(RAW, Direction.DOWNSTREAM, TraversalLimits.DEFAULT, at(3).toEpochMilli());
            Subgraph after = graph.traverse(RAW, Direction.DOWNSTREAM, TraversalLimits.DEFAULT, GraphReader.LATEST);
            assertThat(ids(before)).contains(NodeIds.run("impute-1"))
                    .doesNotContain(NodeIds.run("train-1"), NodeIds.modelVersion("churn", "1"));
            assertThat(ids(after)).contains(NodeIds.run("train-1"), NodeIds.modelVersion("churn", "1"));
            assertThat(graph.node(NodeIds.modelVersion("churn", "1"), at(9).toEpochMilli())).isEmpty();
        }
    }

    @Test
    void runEventsMergeIntoOneRunWithTheTerminalState() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            // COMPLETE arrives before START.
            fixture.send(Pipelines.run("r", "job", RunState.COMPLETE, at(5), List.of(),
                    List.of(Pipelines.ref("w", "out", hash("o"))), "c2", Map.of("b", "2")));
            fixture.send(Pipelines.run("r", "job", RunState.START, at(1),
                    List.of(Pipelines.ref("w", "in", hash("i"))), List.of(), "c1", Map.of("a", "1", "b", "1")));
            RunDetail run = (RunDetail) fixture.graph().node(NodeIds.run("r"), GraphReader.LATEST).orElseThrow()
                    .getDetail();
            assertThat(run.getState()).isEqualTo("COMPLETE");
            assertThat(run.getStartedAt()).isEqualTo(at(1).toEpochMilli());
            assertThat(run.getEndedAt()).isEqualTo(at(5).toEpochMilli());
            assertThat(run.getCodeCommit()).as("the newest event's code").isEqualTo("c2");
            assertThat(run.getParameters()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
            assertThat(run.getInputs()).hasSize(1);
            assertThat(run.getOutputs()).hasSize(1);
        }
    }

    @Test
    void predictionsAreCountedPerModelVersionAndFeatureVersionOnce() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            List<SpecificRecord> events = Pipelines.csvImputeScaleTrain();
            events.forEach(fixture::send);
            Prediction again = (Prediction) events.get(events.size() - 2);
            fixture.send(again); // re-delivered

            UsageStats model = fixture.usage().get(UsageKeys.modelVersion(NodeIds.modelVersion("churn", "1")));
            assertThat(model).isEqualTo(new UsageStats(2L, at(11).toEpochMilli(), at(12).toEpochMilli()));
            UsageStats feature = fixture.usage().get(UsageKeys.featureVersion(SCALED,
                    NodeIds.modelVersion("churn", "1")));
            assertThat(feature.getCount()).isEqualTo(1L);
        }
    }

    @Test
    void everyGraphWriteIsCountedAndARedeliveryWritesNothing() {
        List<SpecificRecord> events = Pipelines.csvImputeScaleTrain();
        try (TopologyFixture fixture = new TopologyFixture()) {
            events.forEach(fixture::send);
            long afterPipeline = fixture.graphIndex.writes();
            assertThat(afterPipeline).as("writes of the pipeline's nodes and edges").isPositive();

            events.forEach(fixture::send);
            assertThat(fixture.graphIndex.writes()).as("the same events again change nothing")
                    .isEqualTo(afterPipeline);

            fixture.send(Pipelines.dataset("file:///data", "users.csv", Pipelines.hash("users v2"), "2026-11-02",
                    Pipelines.at(30), null));
            assertThat(fixture.graphIndex.writes()).as("a new dataset version").isGreaterThan(afterPipeline);
        }
    }

    @Test
    void shuffledAndDuplicatedDeliveriesConvergeToTheSameGraph() {
        List<SpecificRecord> events = Pipelines.csvImputeScaleTrain();
        Map<String, GraphEntry> inOrder;
        try (TopologyFixture fixture = new TopologyFixture()) {
            events.forEach(fixture::send);
            inOrder = fixture.graphSnapshot();
        }
        assertThat(inOrder).isNotEmpty();
        Random random = new Random(7);
        for (int attempt = 0; attempt < 5; attempt++) {
            List<SpecificRecord> shuffled = new ArrayList<>(events);
            shuffled.addAll(events.subList(0, 4)); // some events twice
            Collections.shuffle(shuffled, random);
            try (TopologyFixture fixture = new TopologyFixture()) {
                shuffled.forEach(fixture::send);
                assertThat(fixture.graphSnapshot()).as("order %s", attempt).isEqualTo(inOrder);
            }
        }
    }

    @Test
    void poisonPillsAreCountedAndSkippedAndTheNextRecordIsProcessed() {
        // The records themselves reach pedigree.dlq on a real broker (DeadLetterQueueIT); the test driver
        // does not produce dead-letter records.
        try (TopologyFixture fixture = new TopologyFixture()) {
            fixture.sendRaw(TopicNames.DATASETS, "bad/bytes", new byte[] {9, 9, 9});
            fixture.sendRaw(TopicNames.DATASETS, "unknown/schema", new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 4});
            DatasetVersion malformedHash = Pipelines.dataset("w", "x", hash("x"), null, at(1), null);
            malformedHash.setContentHash("sha256:NOT-HEX");
            fixture.sendRaw(TopicNames.DATASETS, "w/x", avroWithoutValidation(fixture, malformedHash));
            fixture.send(Pipelines.dataset("w", "good", hash("good"), null, at(2), null));

            assertThat(fixture.graph().node(NodeIds.datasetVersion("w", "good", hash("good")), GraphReader.LATEST))
                    .isPresent();
            assertThat(fixture.graph().node(NodeIds.dataset("w", "x"), GraphReader.LATEST)).isEmpty();
            double dropped = fixture.driver.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("dropped-records-total"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
            assertThat(dropped).isEqualTo(3.0);
        }
    }

    private static byte[] avroWithoutValidation(TopologyFixture fixture, DatasetVersion event) {
        // Frame the event by hand: the serializer would refuse it, a foreign producer might not.
        int id = fixture.topics.datasets().valueSerde().serializer()
                .serialize(TopicNames.DATASETS, Pipelines.dataset("w", "y", hash("y"), null, at(0), null))[4];
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(new byte[] {0, 0, 0, 0, (byte) id});
            org.apache.avro.io.BinaryEncoder encoder =
                    org.apache.avro.io.EncoderFactory.get().directBinaryEncoder(out, null);
            new org.apache.avro.specific.SpecificDatumWriter<DatasetVersion>(DatasetVersion.getClassSchema())
                    .write(event, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> ids(Subgraph subgraph) {
        return subgraph.nodes().stream().map(r -> r.node().getId()).toList();
    }

}
