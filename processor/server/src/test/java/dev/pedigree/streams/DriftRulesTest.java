package dev.pedigree.streams;

import static dev.pedigree.streams.Pipelines.at;
import static dev.pedigree.streams.Pipelines.hash;
import static dev.pedigree.streams.Pipelines.ref;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.connectors.profiling.ColumnProfiler;
import dev.pedigree.events.AlertType;
import dev.pedigree.events.ColumnProfile;
import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.RunState;
import dev.pedigree.events.Severity;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.NodeIds;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** DISTRIBUTION_DRIFT through the whole topology: feature tables profiled the way a pipeline would. */
class DriftRulesTest {

    /** A user-features table: user id, ctr_7d as {@code ctr} computes it from clicks and views, a segment. */
    private static List<ColumnProfile> features(long seed, DoubleUnaryOperator ctr, double missingSegments) {
        ColumnProfiler profiler = new ColumnProfiler(List.of("user_id", "ctr_7d", "segment"));
        Random random = new Random(seed);
        for (int user = 0; user < 2_000; user++) {
            double views = 20 + random.nextInt(200);
            double clicks = Math.floor(views * (0.01 + 0.05 * random.nextDouble()));
            profiler.addRow("u" + user, ctr.applyAsDouble(clicks / views),
                    random.nextDouble() < missingSegments ? null : random.nextBoolean() ? "new" : "loyal");
        }
        return profiler.profiles();
    }

    private static DatasetVersion version(String content, List<ColumnProfile> columns, String producedBy, int minute) {
        DatasetVersion version = Pipelines.dataset("features", "user_features", hash(content), null, at(minute),
                producedBy);
        version.setColumns(columns);
        return version;
    }

    @Test
    void aDeclaredOutputWhoseColumnCollapsedIsCriticalAndNamesTheColumnWithItsStatistic() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            fixture.send(version("v1", features(1, x -> x, 0.0), "build-1", 0));
            fixture.send(Pipelines.run("train-1", "train_ctr", RunState.COMPLETE, at(1),
                    List.of(ref("features", "user_features", hash("v1"))), List.of(), "c", Map.of()));
            // Release 4b7f1aa computes ctr_7d by integer division: every value becomes 0. Its run declares it.
            fixture.send(Pipelines.run("build-2", "build_user_features", RunState.COMPLETE, at(2), List.of(),
                    List.of(ref("features", "user_features", hash("v2"))), "4b7f1aa", Map.of()));
            fixture.send(version("v2", features(2, Math::floor, 0.0), "build-2", 3));

            assertThat(fixture.alerts()).singleElement().satisfies(alert -> {
                assertThat(alert.getType()).isEqualTo(AlertType.DISTRIBUTION_DRIFT);
                assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
                assertThat(alert.getExpectedHash()).isEqualTo(hash("v1"));
                assertThat(alert.getObservedHash()).isEqualTo(hash("v2"));
                assertThat(alert.getColumns()).singleElement().satisfies(column -> {
                    assertThat(column.getName()).isEqualTo("ctr_7d");
                    assertThat(column.getPsi()).isGreaterThan(1.0);
                    assertThat(column.getStatistic()).matches("mean 0\\.0\\d\\d → 0\\.000, PSI \\d+\\.\\d\\d");
                });
                assertThat(alert.getMessage()).contains("ctr_7d: mean 0.0").contains("user_features");
                assertThat(alert.getAffected()).contains(NodeIds.run("train-1"));
            });
        }
    }

    @Test
    void whenRunsNameTheColumnsTheyReadADriftAffectsOnlyWhatReadsTheDriftingColumn() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            fixture.send(version("v1", features(1, x -> x, 0.0), null, 0));
            for (String[] reader : new String[][] {{"train-ctr", "ctr_7d"}, {"train-segment", "segment"}}) {
                fixture.send(Pipelines.run(reader[0], reader[0], RunState.COMPLETE, at(1), List.of(
                        DatasetHash.newBuilder(ref("features", "user_features", hash("v1")))
                                .setFields(List.of(reader[1])).build()),
                        List.of(ref("models", reader[0], hash(reader[0]))), "c", Map.of()));
            }
            fixture.send(version("v2", features(2, Math::floor, 0.0), null, 3));

            assertThat(fixture.alerts()).filteredOn(a -> a.getType() == AlertType.DISTRIBUTION_DRIFT).singleElement()
                    .satisfies(alert -> assertThat(alert.getAffected())
                            .contains(NodeIds.run("train-ctr"), NodeIds.datasetVersion("models", "train-ctr",
                                    hash("train-ctr")))
                            .doesNotContain(NodeIds.run("train-segment"), NodeIds.datasetVersion("models",
                                    "train-segment", hash("train-segment"))));
        }
    }

    @Test
    void aNewVersionFromTheSameDistributionRaisesNothingAndARedeliveryAlertsOnce() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            fixture.send(version("v1", features(1, x -> x, 0.0), null, 0));
            fixture.send(version("v2", features(2, x -> x, 0.0), null, 1));
            assertThat(fixture.alerts()).as("another sample of the same distribution").isEmpty();

            DatasetVersion nulls = version("v3", features(3, x -> x, 0.3), null, 2);
            fixture.send(nulls);
            fixture.send(nulls);
            List<LineageAlert> alerts = fixture.alerts();
            assertThat(alerts).singleElement().satisfies(alert -> {
                assertThat(alert.getSeverity()).isEqualTo(Severity.WARNING);
                assertThat(alert.getColumns()).extracting(c -> c.getName()).containsExactly("segment");
                assertThat(alert.getColumns().get(0).getNullFractionChange()).isBetween(0.25, 0.35);
            });
        }
    }

    @Test
    void aPinnedReferenceIsWhatNewVersionsAreComparedWith() {
        try (TopologyFixture fixture = new TopologyFixture(new dev.pedigree.profiles.DriftSettings(0.25, 1.0,
                Map.of(), Map.of("features/user_features", hash("v1"))))) {
            fixture.send(version("v1", features(1, x -> x, 0.0), null, 0));
            fixture.send(version("v2", features(2, x -> x * 3, 0.0), null, 1));
            assertThat(fixture.alerts()).singleElement()
                    .satisfies(alert -> assertThat(alert.getExpectedHash()).isEqualTo(hash("v1")));
            // Against v2 this one would be fine; against the pinned v1 it has drifted.
            fixture.send(version("v3", features(3, x -> x * 3, 0.0), null, 2));
            assertThat(fixture.alerts()).singleElement()
                    .satisfies(alert -> assertThat(alert.getObservedHash()).isEqualTo(hash("v3")));
        }
    }

    @Test
    void aThresholdForOneDatasetOverridesTheDefault() {
        try (TopologyFixture fixture = new TopologyFixture(new dev.pedigree.profiles.DriftSettings(0.25, 1.0,
                Map.of("features/user_features", 100.0), Map.of()))) {
            fixture.send(version("v1", features(1, x -> x, 0.0), null, 0));
            fixture.send(version("v2", features(2, x -> x * 3, 0.0), null, 1));
            assertThat(fixture.alerts()).isEmpty();
        }
    }

    @Test
    void aProfileWhoseQuantilesAreNoSketchIsDroppedToTheDeadLetterTopicAndTheNextOneIsProcessed() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            List<ColumnProfile> broken = features(1, x -> x, 0.0);
            broken.get(1).setQuantiles(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
            fixture.send(version("v1", broken, null, 0));
            fixture.send(version("v2", features(2, x -> x, 0.0), null, 1));

            double dropped = fixture.driver.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("dropped-records-total"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
            assertThat(dropped).as("the broken event, sent to pedigree.dlq on a real broker").isEqualTo(1.0);
            assertThat(fixture.graph().node(NodeIds.datasetVersion("features", "user_features", hash("v1")),
                    GraphReader.LATEST)).as("nothing of it is kept").isEmpty();
            assertThat(fixture.graph().node(NodeIds.datasetVersion("features", "user_features", hash("v2")),
                    GraphReader.LATEST)).isPresent();
            assertThat(fixture.alerts()).as("no reference to drift from").isEmpty();
            fixture.send(version("v1", features(1, x -> x, 0.0), null, 2));
            assertThat(fixture.graph().node(NodeIds.datasetVersion("features", "user_features", hash("v1")),
                    GraphReader.LATEST)).as("the same version sent again, readable").isPresent();
        }
    }
}
