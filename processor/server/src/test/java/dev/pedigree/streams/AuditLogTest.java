package dev.pedigree.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.audit.AuditLog;
import dev.pedigree.audit.BundleVerifier;
import dev.pedigree.audit.Checkpoint;
import dev.pedigree.audit.LeafData;
import dev.pedigree.audit.Merkle;
import dev.pedigree.audit.ProofBundle;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.schema.topic.TopicNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The audit log over the real topology: each accepted event is a leaf of its partition's log, in order, committed as
 * canonical JSON; each log that grew gets a signed checkpoint per interval; bad records are not leaves.
 */
class AuditLogTest {

    @Test
    void everyAcceptedEventIsALeafOfItsPartitionsLogAndCheckpointsAreSignedWhenALogGrew() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            List<Prediction> predictions = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Prediction prediction = Pipelines.prediction("p-" + i, "churn", "1", Pipelines.at(i),
                        Pipelines.ref("features", "users", Pipelines.hash("users")));
                predictions.add(prediction);
                fixture.send(prediction);
                if (i == 2) {
                    fixture.sendRaw(TopicNames.PREDICTIONS, "poison", "not avro".getBytes(StandardCharsets.UTF_8));
                }
            }
            ModelVersion model = Pipelines.model("churn", "1", "train-1", Pipelines.at(0), Double.NaN);
            fixture.send(model);

            AuditLog log = fixture.auditLog(TopicNames.PREDICTIONS);
            assertThat(log.size()).as("five predictions; the unreadable record went to the dead-letter topic")
                    .isEqualTo(5);
            for (int i = 0; i < 5; i++) {
                assertThat(log.data(i)).isEqualTo(LeafData.of(predictions.get(i)));
                assertThat(log.eventId(i)).isEqualTo(predictions.get(i).getEventId().toString());
                assertThat(log.tree().leaf(i)).isEqualTo(Merkle.leafHash(log.data(i)));
            }
            assertThat(log.indexOfNode(NodeIds.prediction("p-3"))).isEqualTo(3);
            assertThat(log.indexOfEvent(predictions.get(4).getEventId().toString())).isEqualTo(4);
            String data = new String(log.data(0), StandardCharsets.UTF_8);
            assertThat(data).as("RFC 8785: keys sorted, no white space, times as epoch millis")
                    .startsWith("{\"attributes\":{},\"eventId\":")
                    .contains("\"eventTime\":" + Pipelines.at(0).toEpochMilli() + ",").doesNotContain(" ");
            assertThat(new String(fixture.auditLog(TopicNames.MODELS).data(0), StandardCharsets.UTF_8))
                    .as("a metric JSON cannot hold").contains("\"accuracy\":\"NaN\"");

            fixture.advanceWallClock(TopologyFixture.AUDIT_CHECKPOINT);
            List<KeyValue<String, String>> checkpoints = fixture.auditCheckpoints();
            assertThat(checkpoints).extracting(c -> c.key).as("only the logs that grew")
                    .containsExactlyInAnyOrder("pedigree/pedigree.predictions/0", "pedigree/pedigree.models/0");
            KeyValue<String, String> head = checkpoints.stream()
                    .filter(c -> c.key.endsWith("predictions/0")).findFirst().orElseThrow();
            Checkpoint checkpoint = Checkpoint.open(head.value, List.of(fixture.auditKey.verifier()));
            assertThat(checkpoint.size()).isEqualTo(5);
            assertThat(checkpoint.root()).isEqualTo(log.tree().root(5));
            for (int i = 0; i < 5; i++) {
                assertThat(Merkle.verifyInclusion(i, 5, log.tree().leaf(i), log.tree().inclusion(i, 5),
                        checkpoint.root())).isTrue();
            }
            assertThat(log.checkpoint(5).note()).isEqualTo(head.value);

            fixture.advanceWallClock(TopologyFixture.AUDIT_CHECKPOINT);
            assertThat(fixture.auditCheckpoints()).as("nothing new, no checkpoint").isEmpty();
            fixture.send(Pipelines.prediction("p-5", "churn", "1", Pipelines.at(9)));
            fixture.advanceWallClock(TopologyFixture.AUDIT_CHECKPOINT);
            List<KeyValue<String, String>> next = fixture.auditCheckpoints();
            assertThat(next).hasSize(1);
            Checkpoint grown = Checkpoint.open(next.get(0).value, List.of(fixture.auditKey.verifier()));
            assertThat(grown.size()).isEqualTo(6);
            AuditLog now = fixture.auditLog(TopicNames.PREDICTIONS);
            assertThat(now.size()).as("a log read afresh sees the new leaf").isEqualTo(6);
            assertThat(Merkle.verifyConsistency(5, 6, checkpoint.root(), grown.root(), now.tree().consistency(5, 6)))
                    .isTrue();
            KeyValueStore<String, byte[]> global = fixture.driver.getKeyValueStore(StoreNames.AUDIT_CHECKPOINTS);
            assertThat(global.get(String.format("pedigree/pedigree.predictions/0|%019d", 6))).isNotNull();
            assertThat(log.checkpoints()).extracting(AuditLog.SignedCheckpoint::size).containsExactly(5L, 6L);
        }
    }

    @Test
    void aPredictionsDataExpiresWithTheRetentionAndItsHashStillProvesIt() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            Prediction old = Pipelines.prediction("old", "churn", "1", Pipelines.at(0));
            fixture.send(old);
            fixture.send(Pipelines.prediction("new", "churn", "1", Pipelines.at(0)
                    .plus(TopologyFixture.AUDIT_DATA_RETENTION).plus(java.time.Duration.ofDays(1))));
            fixture.advanceWallClock(TopologyFixture.AUDIT_CHECKPOINT);

            AuditLog log = fixture.auditLog(TopicNames.PREDICTIONS);
            assertThat(log.data(0)).as("older than the retention by stream time").isNull();
            assertThat(log.data(1)).isNotNull();
            assertThat(log.tree().leaf(0)).as("the hash stays").isEqualTo(Merkle.leafHash(LeafData.of(old)));
            String note = log.checkpoint(2).note();
            ProofBundle bundle = new ProofBundle("pedigree/pedigree.predictions/0", new ProofBundle.Leaf(
                    old.getEventId(), 0, null, Base64.getEncoder().encodeToString(log.tree().leaf(0))), 2,
                    log.tree().inclusion(0, 2).stream().map(h -> Base64.getEncoder().encodeToString(h)).toList(),
                    note, fixture.auditKey.verifier().verifierKey());
            BundleVerifier.Verdict verdict = BundleVerifier.verify(bundle, List.of(fixture.auditKey.verifier()));
            assertThat(verdict.verified()).isTrue();
            assertThat(verdict.dataExpired()).isTrue();
            assertThat(fixture.auditLog(TopicNames.MODELS).size()).isZero();
        }
    }

    @Test
    void theSameEventsGiveTheSameLeavesAndRoots() {
        List<Prediction> events = List.of(
                Pipelines.prediction("a", "m", "1", Pipelines.at(1)),
                Pipelines.prediction("b", "m", "1", Pipelines.at(2)));
        byte[][] roots = new byte[2][];
        for (int run = 0; run < 2; run++) {
            try (TopologyFixture fixture = new TopologyFixture()) {
                events.forEach(fixture::send);
                roots[run] = fixture.auditLog(TopicNames.PREDICTIONS).tree().root(2);
            }
        }
        assertThat(roots[1]).as("leaves commit to the event alone, not to when or where it was read")
                .isEqualTo(roots[0]);
    }
}
