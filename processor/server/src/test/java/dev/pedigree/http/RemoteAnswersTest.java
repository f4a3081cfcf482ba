package dev.pedigree.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.connectors.profiling.ColumnProfiler;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.NodeKind;
import dev.pedigree.http.answers.Answers;
import dev.pedigree.http.answers.ColumnProfileView;
import dev.pedigree.http.answers.NodeView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What one instance answers another about a dataset's partition reads back as the router expects it. */
class RemoteAnswersTest {

    private static DatasetVersion version(String hash, double scale) {
        ColumnProfiler profiler = new ColumnProfiler(List.of("user_id", "ctr_7d"));
        for (int i = 0; i < 100; i++) {
            profiler.addRow("u" + i, scale * i / 1000.0);
        }
        return DatasetVersion.newBuilder().setEventId("e-" + hash).setEventTime(Instant.EPOCH).setProducer("test")
                .setDataset(new DatasetId("features", "user_features")).setContentHash(hash)
                .setColumns(profiler.profiles()).build();
    }

    @Test
    void aVersionsAnswerReadsBackAsItsColumns() throws Exception {
        DatasetVersion version = version("sha256:" + "a".repeat(64), 1.0);
        List<ColumnProfileView> columns = version.getColumns().stream().map(ColumnProfileView::of).toList();
        String answer = JacksonJsonMapper.MAPPER.writeValueAsString(new Answers.DatasetVersion(NodeView.of(new Node(
                NodeIds.datasetVersion("features", "user_features", version.getContentHash()),
                NodeKind.DATASET_VERSION, 0L, null)), columns));

        assertThat(JacksonJsonMapper.MAPPER.readValue(answer, QueryRouter.VersionColumns.class).columns())
                .isEqualTo(columns);
    }

    @Test
    void aDiffAnswerReadsBackAsTheSameDiff() throws Exception {
        Answers.DatasetDiff diff = DatasetDiffs.of("features/user_features", version("sha256:" + "a".repeat(64), 1.0),
                version("sha256:" + "b".repeat(64), 0.0), 0.25);
        String answer = JacksonJsonMapper.MAPPER.writeValueAsString(diff);

        assertThat(JacksonJsonMapper.MAPPER.readValue(answer, Answers.DatasetDiff.class)).isEqualTo(diff);
        assertThat(diff.drifted()).containsExactly("ctr_7d");
    }
}
