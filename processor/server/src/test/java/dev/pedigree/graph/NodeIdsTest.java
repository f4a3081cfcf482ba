package dev.pedigree.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.graph.store.NodeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeIdsTest {

    @Test
    void encodesPartsAsDesignShows() {
        assertThat(NodeIds.dataset("file:///data", "users.csv")).isEqualTo("dataset:file%3A%2F%2F%2Fdata:users.csv");
        assertThat(NodeIds.job("ranking", "train_ctr")).isEqualTo("job:ranking:train_ctr");
        assertThat(NodeIds.datasetVersion("warehouse", "user_features", "sha256:9f2c"))
                .isEqualTo("datasetVersion:warehouse:user_features:sha256%3A9f2c");
        assertThat(NodeIds.run("a|b#c")).isEqualTo("run:a%7Cb%23c");
    }

    @Test
    void parsesBackToKindAndParts() {
        String id = NodeIds.datasetVersion("s3://bucket", "päth/ü.csv", "sha256:ab");
        NodeIds.ParsedId parsed = NodeIds.parse(id);
        assertThat(parsed.kind()).isEqualTo(NodeKind.DATASET_VERSION);
        assertThat(parsed.parts()).isEqualTo(List.of("s3://bucket", "päth/ü.csv", "sha256:ab"));
        assertThat(NodeIds.canonical("run:my%2drun")).isEqualTo("run:my-run");
    }

    @Test
    void theKindOfEveryKindOfIdIsItsParsedKind() {
        List<String> ids = List.of(NodeIds.dataset("s3://b", "x"), NodeIds.datasetVersion("n", "d", "sha256:ab"),
                NodeIds.job("ns", "train"), NodeIds.run("r-1"), NodeIds.model("ctr"),
                NodeIds.modelVersion("ctr", "3"), NodeIds.prediction("p:1"),
                NodeIds.datasetField("n", "d", "ctr_7d"));
        assertThat(ids).extracting(NodeIds::kindOf).containsExactlyElementsOf(ids.stream()
                .map(id -> NodeIds.parse(id).kind()).toList()).doesNotHaveDuplicates();
        assertThatThrownBy(() -> NodeIds.kindOf("table:x")).hasMessageContaining("unknown node kind 'table'");
        assertThatThrownBy(() -> NodeIds.kindOf("run")).hasMessageContaining("a run id has 1 part(s)");
    }

    @Test
    void refusesMalformedIdsWithAReason() {
        assertThatThrownBy(() -> NodeIds.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> NodeIds.parse("table:x")).hasMessageContaining("unknown node kind 'table'");
        assertThatThrownBy(() -> NodeIds.parse("dataset:file:///data:users.csv"))
                .hasMessageContaining("2 part(s)").hasMessageContaining("%3A");
        assertThatThrownBy(() -> NodeIds.parse("run:%zz")).hasMessageContaining("bad percent-encoding");
        assertThatThrownBy(() -> NodeIds.parse("run:abc%4")).hasMessageContaining("truncated");
        assertThatThrownBy(() -> NodeIds.parse("run:" + "x".repeat(5_000))).hasMessageContaining("at most 2048");
        assertThatThrownBy(() -> NodeIds.parse("run:")).hasMessageContaining("empty");
    }
}
