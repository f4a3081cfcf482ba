package dev.pedigree.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.NodeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphReaderTest {

    private static final String A = NodeIds.datasetVersion("w", "a", "sha256:" + "a".repeat(64));
    private static final String B = NodeIds.run("b");
    private static final String C = NodeIds.datasetVersion("w", "c", "sha256:" + "c".repeat(64));

    @Test
    void cyclesAndSelfLoopsAreVisitedOnce() {
        TreeMapGraphStore store = new TreeMapGraphStore()
                .edge(A, B, EdgeKind.READ_BY, 1)
                .edge(B, C, EdgeKind.PRODUCED, 2)
                .edge(C, NodeIds.run("b"), EdgeKind.READ_BY, 3) // C → B closes a cycle
                .edge(B, B, EdgeKind.PRODUCED, 4); // a self-loop
        Subgraph subgraph = reader(store).traverse(A, Direction.DOWNSTREAM, new TraversalLimits(50, 100),
                GraphReader.LATEST);
        assertThat(subgraph.nodes()).extracting(r -> r.node().getId()).containsExactly(A, B, C);
        assertThat(subgraph.edges()).hasSize(4);
        assertThat(subgraph.truncated()).isFalse();
    }

    @Test
    void aHotNodeWith100kEdgesIsCutAtTheNodeBudget() {
        TreeMapGraphStore store = new TreeMapGraphStore();
        for (int i = 0; i < 100_000; i++) {
            store.edge(A, NodeIds.run("run-" + i), EdgeKind.READ_BY, i);
        }
        Subgraph subgraph = reader(store).traverse(A, Direction.DOWNSTREAM, new TraversalLimits(5, 1_000),
                GraphReader.LATEST);
        assertThat(subgraph.nodes()).hasSize(1_000);
        assertThat(subgraph.edges()).as("only the edges to the nodes within the budget").hasSize(999);
        assertThat(subgraph.truncated()).isTrue();
    }

    @Test
    void theDepthBudgetTruncatesOnlyWhenSomethingIsLeftOut() {
        TreeMapGraphStore store = new TreeMapGraphStore().edge(A, B, EdgeKind.READ_BY, 1).edge(B, C, EdgeKind.PRODUCED, 2);
        GraphReader reader = reader(store);
        Subgraph one = reader.traverse(A, Direction.DOWNSTREAM, new TraversalLimits(1, 100), GraphReader.LATEST);
        assertThat(one.nodes()).extracting(r -> r.node().getId()).containsExactly(A, B);
        assertThat(one.truncated()).isTrue();
        Subgraph two = reader.traverse(A, Direction.DOWNSTREAM, new TraversalLimits(2, 100), GraphReader.LATEST);
        assertThat(two.truncated()).isFalse();
    }

    @Test
    void upstreamFollowsInEdgesOnly() {
        TreeMapGraphStore store = new TreeMapGraphStore().edge(A, B, EdgeKind.READ_BY, 1).edge(B, C, EdgeKind.PRODUCED, 2);
        Subgraph up = reader(store).traverse(C, Direction.UPSTREAM, TraversalLimits.DEFAULT, GraphReader.LATEST);
        assertThat(up.nodes()).extracting(r -> r.node().getId()).containsExactly(C, B, A);
        assertThat(up.nodes()).extracting(Subgraph.Reached::depth).containsExactly(0, 1, 2);
        Subgraph down = reader(store).traverse(C, Direction.DOWNSTREAM, TraversalLimits.DEFAULT,
                GraphReader.LATEST);
        assertThat(down.nodes()).hasSize(1);
    }

    @Test
    void nodesWithoutARecordExistThroughTheirEdges() {
        String job = NodeIds.job("churn", "train");
        TreeMapGraphStore store = new TreeMapGraphStore().edge(job, B, EdgeKind.RAN, 42);
        GraphReader reader = reader(store);
        assertThat(reader.node(job, GraphReader.LATEST)).hasValueSatisfying(node -> {
            assertThat(node.getKind()).isEqualTo(NodeKind.JOB);
            assertThat(node.getFirstSeen()).isEqualTo(42);
        });
        assertThat(reader.node(job, 41)).isEmpty();
        assertThat(reader.node(NodeIds.job("churn", "nothing"), GraphReader.LATEST)).isEmpty();
        assertThat(reader.traverse(NodeIds.run("unknown"), Direction.BOTH, TraversalLimits.DEFAULT,
                GraphReader.LATEST).nodes()).isEmpty();
    }

    @Test
    void aNodeWithoutARecordIsFirstSeenWithItsEarliestEdge() {
        String job = NodeIds.job("churn", "train");
        // In key order the edge to run "b" comes first; the one to run "z" is older.
        TreeMapGraphStore store = new TreeMapGraphStore().edge(job, B, EdgeKind.RAN, 42)
                .edge(job, NodeIds.run("z"), EdgeKind.RAN, 7);
        GraphReader reader = reader(store);
        assertThat(reader.node(job, GraphReader.LATEST)).map(Node::getFirstSeen).hasValue(7L);
        assertThat(reader.traverse(job, Direction.DOWNSTREAM, TraversalLimits.DEFAULT, GraphReader.LATEST).nodes())
                .first().extracting(r -> r.node().getFirstSeen()).isEqualTo(7L);
        assertThat(reader.node(job, 6)).isEmpty();
    }

    @Test
    void budgetsMustBePositive() {
        assertThatThrownBy(() -> new TraversalLimits(-1, 10)).hasMessageContaining("maxDepth");
        assertThatThrownBy(() -> new TraversalLimits(1, 0)).hasMessageContaining("maxNodes");
        assertThat(List.of(TraversalLimits.DEFAULT.maxDepth())).containsExactly(20);
    }

    /** A reader of {@code store} with its index, as the graph store's updater keeps them. */
    private static GraphReader reader(TreeMapGraphStore store) {
        return new GraphReader(store, GraphIndex.of(store));
    }
}
