package dev.pedigree.streams.internals;

import static dev.pedigree.streams.Pipelines.at;
import static dev.pedigree.streams.Pipelines.hash;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.AlertType;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.store.DatasetReference;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.PendingCheck;
import dev.pedigree.profiles.DriftSettings;
import dev.pedigree.streams.Pipelines;
import dev.pedigree.streams.StoreNames;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dataset processor alone, with its alert detector: graph entries to one named child, alerts to the other;
 * the grace period on the wall clock (the punctuation); each anomaly alerted once.
 */
class DatasetProcessorTest {

    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final String NS = "warehouse";

    private MockProcessorContext<String, SpecificRecord> context;
    private DatasetProcessor processor;
    private long wallClock = at(0).toEpochMilli();

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>(ProcessorStores.settings());
        ProcessorStores.keyValue(context, StoreNames.DATASET_HISTORY, Node.class);
        ProcessorStores.keyValue(context, StoreNames.DATASET_PROFILES, DatasetVersion.class);
        ProcessorStores.keyValue(context, StoreNames.PENDING_CHECKS, PendingCheck.class);
        ProcessorStores.keyValue(context, StoreNames.RAISED_ALERTS, Serdes.Long());
        ProcessorStores.keyValue(context, StoreNames.GRAPH, GraphEntry.class);
        context.setCurrentSystemTimeMs(wallClock);
        processor = new DatasetProcessor(GRACE.toMillis(), DriftSettings.DEFAULTS);
        processor.init(context);
    }

    private void observe(DatasetVersion event) {
        processor.process(new Record<>(NS + "/" + event.getDataset().getName(), new DatasetInput.Observed(event),
                event.getEventTime().toEpochMilli()));
    }

    private void declaredBy(String runId, String name, String contentHash, int minute) {
        processor.process(new Record<>(NS + "/" + name, new DatasetInput.Referenced(new DatasetReference(NS, name,
                contentHash, at(minute).toEpochMilli(), runId, true, java.util.List.of())), at(minute).toEpochMilli()));
    }

    private void letWallClockPass(Duration duration) {
        wallClock += duration.toMillis();
        context.setCurrentSystemTimeMs(wallClock);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(wallClock);
    }

    private List<CapturedForward<? extends String, ? extends SpecificRecord>> to(String child) {
        return context.forwarded().stream().filter(f -> f.childName().orElseThrow().equals(child)).toList();
    }

    private List<LineageAlert> alerts() {
        return to(DatasetProcessor.ALERTS).stream().map(f -> (LineageAlert) f.record().value()).toList();
    }

    @Test
    void aFirstVersionForwardsTheDatasetItsVersionAndTheEdgeToTheGraphChildOnly() {
        observe(Pipelines.dataset(NS, "users", hash("v1"), "2026-11-01", at(1), null));

        String version = NodeIds.datasetVersion(NS, "users", hash("v1"));
        assertThat(to(DatasetProcessor.GRAPH_ENTRIES)).extracting(f -> ProcessorStores.describe(
                (GraphEntry) f.record().value())).containsExactly("node " + NodeIds.dataset(NS, "users"),
                "node " + version, "HAS_VERSION " + NodeIds.dataset(NS, "users") + " → " + version);
        letWallClockPass(GRACE.multipliedBy(2));
        assertThat(alerts()).as("the first version of a dataset is no change").isEmpty();
    }

    @Test
    void aLabelBackWithAnotherHashIsAlertedAtOnceToTheAlertsChildAndOnlyOnce() {
        observe(Pipelines.dataset(NS, "users", hash("v1"), "2026-11-01", at(1), null));
        DatasetVersion edited = Pipelines.dataset(NS, "users", hash("v1 edited"), "2026-11-01", at(2), null);
        observe(edited);
        observe(edited);

        assertThat(alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.getType()).isEqualTo(AlertType.HASH_CHANGED_IN_PLACE);
            assertThat(alert.getExpectedHash()).isEqualTo(hash("v1"));
            assertThat(alert.getObservedHash()).isEqualTo(hash("v1 edited"));
        });
        assertThat(to(DatasetProcessor.ALERTS)).singleElement()
                .satisfies(f -> assertThat(f.record().key()).isEqualTo(NS + "/users"));
    }

    @Test
    void anUndeclaredNewHashIsAlertedWhenTheGracePeriodHasPassedOnTheWallClock() {
        observe(Pipelines.dataset(NS, "users", hash("v1"), "2026-11-01", at(1), null));
        observe(Pipelines.dataset(NS, "users", hash("v2"), "2026-11-02", at(2), null));
        letWallClockPass(GRACE.dividedBy(2));
        assertThat(alerts()).as("within the grace period").isEmpty();

        letWallClockPass(GRACE);
        assertThat(alerts()).singleElement().satisfies(alert ->
                assertThat(alert.getType()).isEqualTo(AlertType.UNDECLARED_CHANGE));
        letWallClockPass(GRACE);
        assertThat(alerts()).as("raised once").hasSize(1);
    }

    @Test
    void aRunDeclaringTheNewHashWithinTheGracePeriodCancelsTheAlert() {
        observe(Pipelines.dataset(NS, "users", hash("v1"), "2026-11-01", at(1), null));
        observe(Pipelines.dataset(NS, "users", hash("v2"), "2026-11-02", at(2), null));
        letWallClockPass(GRACE.dividedBy(2));
        declaredBy("refresh-2", "users", hash("v2"), 2);
        letWallClockPass(GRACE.multipliedBy(2));
        assertThat(alerts()).isEmpty();
    }
}
