package dev.pedigree.streams;

import static dev.pedigree.streams.Pipelines.at;
import static dev.pedigree.streams.Pipelines.hash;
import static dev.pedigree.streams.Pipelines.ref;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.AlertType;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.RunState;
import dev.pedigree.events.Severity;
import dev.pedigree.graph.NodeIds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every alert rule, its no-alert cases, and duplicates, under TopologyTestDriver. */
class AlertRulesTest {

    private static final Duration PAST_GRACE = TopologyFixture.ALERT_GRACE.plusSeconds(2);

    @Test
    void aLabelThatComesBackWithAnotherHashIsCriticalAtOnceAndNamesWhatIsAffected() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            fixture.send(Pipelines.dataset("lake", "users", hash("v1"), "2026-11-24", at(0), null));
            fixture.send(Pipelines.run("train", "train", RunState.COMPLETE, at(1), List.of(ref("lake", "users", hash("v1"))),
                    List.of(), "c", Map.of()));
            fixture.send(Pipelines.model("churn", "1", "train", at(2), 0.9));
            DatasetVersion mutated = Pipelines.dataset("lake", "users", hash("v1 mutated"), "2026-11-24", at(3), null);
            fixture.send(mutated);

            List<LineageAlert> alerts = fixture.alerts();
            assertThat(alerts).singleElement().satisfies(alert -> {
                assertThat(alert.getType()).isEqualTo(AlertType.HASH_CHANGED_IN_PLACE);
                assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
                assertThat(alert.getVersionLabel()).isEqualTo("2026-11-24");
                assertThat(alert.getExpectedHash()).isEqualTo(hash("v1"));
                assertThat(alert.getObservedHash()).isEqualTo(hash("v1 mutated"));
                assertThat(alert.getAffected()).contains(NodeIds.run("train"), NodeIds.modelVersion("churn", "1"));
                assertThat(alert.getMessage()).contains("changed in place");
            });

            fixture.send(mutated); // re-delivered
            fixture.send(Pipelines.dataset("lake", "users", hash("v1 mutated"), "2026-11-24", at(4), null));
            fixture.advanceWallClock(PAST_GRACE);
            assertThat(fixture.alerts()).as("the same anomaly again, or again as undeclared").isEmpty();
        }
    }

    @Test
    void anUndeclaredNewHashWarnsAfterTheGracePeriod() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            fixture.send(Pipelines.dataset("lake", "users", hash("v1"), "a", at(0), null));
            fixture.send(Pipelines.dataset("lake", "users", hash("v2"), "b", at(1), null));
            assertThat(fixture.alerts()).as("within the grace period").isEmpty();

            fixture.advanceWallClock(PAST_GRACE);

            assertThat(fixture.alerts()).singleElement().satisfies(alert -> {
                assertThat(alert.getType()).isEqualTo(AlertType.UNDECLARED_CHANGE);
                assertThat(alert.getSeverity()).isEqualTo(Severity.WARNING);
                assertThat(alert.getExpectedHash()).isEqualTo(hash("v1"));
                assertThat(alert.getObservedHash()).isEqualTo(hash("v2"));
            });
            fixture.advanceWallClock(PAST_GRACE);
            assertThat(fixture.alerts()).isEmpty();
        }
    }

    @Test
    void aChangeDeclaredByARunsOutputsRaisesNothingEvenWhenTheRunComesLate() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            fixture.send(Pipelines.dataset("lake", "users", hash("v1"), "a", at(0), null));
            fixture.send(Pipelines.dataset("lake", "users", hash("v2"), "b", at(1), "etl-2"));
            fixture.advanceWallClock(Duration.ofSeconds(3));
            fixture.send(Pipelines.run("etl-2", "etl", RunState.COMPLETE, at(2), List.of(),
                    List.of(ref("lake", "users", hash("v2"))), "c", Map.of()));
            fixture.advanceWallClock(PAST_GRACE);
            assertThat(fixture.alerts()).isEmpty();
        }
    }

    @Test
    void theFirstVersionOfADatasetIsNoChange() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            fixture.send(Pipelines.dataset("lake", "new", hash("v1"), "a", at(0), null));
            fixture.advanceWallClock(PAST_GRACE);
            assertThat(fixture.alerts()).isEmpty();
        }
    }

    @Test
    void aRunReadingAHashNeverSeenIsCriticalUnlessTheDatasetEventArrivesInTime() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            fixture.send(Pipelines.dataset("lake", "users", hash("v1"), "a", at(0), null));
            fixture.send(Pipelines.run("train-bad", "train", RunState.START, at(1),
                    List.of(ref("lake", "users", hash("never observed"))), List.of(), "c", Map.of()));
            fixture.send(Pipelines.run("train-late", "train", RunState.START, at(1),
                    List.of(ref("lake", "users", hash("v-late"))), List.of(), "c", Map.of()));
            fixture.advanceWallClock(Duration.ofSeconds(2));
            fixture.send(Pipelines.dataset("lake", "users", hash("v-late"), "late", at(0), "etl"));
            fixture.send(Pipelines.run("etl", "etl", RunState.COMPLETE, at(0), List.of(),
                    List.of(ref("lake", "users", hash("v-late"))), "c", Map.of()));
            fixture.advanceWallClock(PAST_GRACE);

            assertThat(fixture.alerts()).singleElement().satisfies(alert -> {
                assertThat(alert.getType()).isEqualTo(AlertType.INPUT_HASH_MISMATCH);
                assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
                assertThat(alert.getRunId()).isEqualTo("train-bad");
                assertThat(alert.getObservedHash()).isEqualTo(hash("never observed"));
            });
        }
    }

    @Test
    void aNewSchemaFingerprintWarns() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            DatasetVersion v1 = Pipelines.dataset("lake", "users", hash("v1"), "a", at(0), "etl");
            v1.setSchemaFingerprint("id:int,age:int");
            DatasetVersion v2 = Pipelines.dataset("lake", "users", hash("v2"), "b", at(1), "etl");
            v2.setSchemaFingerprint("id:int,age_months:int");
            fixture.send(Pipelines.run("etl", "etl", RunState.COMPLETE, at(0), List.of(),
                    List.of(ref("lake", "users", hash("v1")), ref("lake", "users", hash("v2"))), "c", Map.of()));
            fixture.send(v1);
            fixture.send(v2);
            fixture.send(v2);
            fixture.advanceWallClock(PAST_GRACE);
            assertThat(fixture.alerts()).singleElement().satisfies(alert -> {
                assertThat(alert.getType()).isEqualTo(AlertType.SCHEMA_CHANGED);
                assertThat(alert.getMessage()).contains("id:int,age:int").contains("id:int,age_months:int");
            });
        }
    }
}
