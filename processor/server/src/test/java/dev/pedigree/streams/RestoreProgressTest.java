package dev.pedigree.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RestoreProgressTest {

    private final AtomicLong now = new AtomicLong();
    private final RestoreProgress progress = new RestoreProgress("Provenance", now::get);

    @Test
    void countsWhatWasRestoredAndWhatIsLeftOfThePartitionsBegun() {
        TopicPartition graph0 = new TopicPartition("graph", 0);
        TopicPartition changelog3 = new TopicPartition("app-dataset-versions-changelog", 3);
        progress.onRestoreStart(graph0, "graph", 0, 1_000);
        progress.onRestoreStart(changelog3, "dataset-versions", 200, 700);
        progress.onBatchRestored(graph0, "graph", 400, 400);
        progress.onBatchRestored(changelog3, "dataset-versions", 300, 100);

        assertThat(progress.snapshot()).isEqualTo(new RestoreProgress.Snapshot(500, 600 + 400, 2, 0));

        progress.onBatchRestored(graph0, "graph", 1_000, 599);
        progress.onRestoreEnd(graph0, "graph", 999);
        // A transactional topic's last offset is a commit marker, not a record: a partition done has nothing left.
        assertThat(progress.snapshot()).isEqualTo(new RestoreProgress.Snapshot(1_099, 400, 2, 1));
    }

    @Test
    void aLaterRestoreIsCountedOnItsOwnOnceTheFirstFinished() {
        TopicPartition graph0 = new TopicPartition("graph", 0);
        progress.onRestoreStart(graph0, "graph", 0, 10);
        progress.onBatchRestored(graph0, "graph", 10, 10);
        progress.onRestoreEnd(graph0, "graph", 10);
        progress.finish();
        assertThat(progress.snapshot()).isEqualTo(new RestoreProgress.Snapshot(0, 0, 0, 0));

        TopicPartition changelog1 = new TopicPartition("app-predictions-changelog", 1);
        progress.onRestoreStart(changelog1, "predictions", 50, 80);
        progress.onBatchRestored(changelog1, "predictions", 60, 10);
        progress.finish();
        assertThat(progress.snapshot()).isEqualTo(new RestoreProgress.Snapshot(10, 20, 1, 0));
    }

    @Test
    void twoApplicationsAddUp() {
        Restores restores = Restores.create();
        restores.provenance().onRestoreStart(new TopicPartition("graph", 0), "graph", 0, 100);
        restores.auditLog().onRestoreStart(new TopicPartition("audit-changelog", 0), "audit-log", 0, 50);
        restores.auditLog().onBatchRestored(new TopicPartition("audit-changelog", 0), "audit-log", 20, 20);
        assertThat(restores.snapshot()).isEqualTo(new RestoreProgress.Snapshot(20, 130, 2, 0));
    }
}
