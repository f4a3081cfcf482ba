package dev.pedigree.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.graph.Direction;
import dev.pedigree.graph.GraphIndex;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.TraversalLimits;
import dev.pedigree.graph.Walk;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphScaleBenchTest {

    /** 3 chains of 4 runs, 2 of them from the hub: the shape the scale benchmark builds at every size. */
    private final Workload workload = new Workload(7, "t", 3, 4, 2);

    @Test
    void theIndexHoldsEveryNodeOfTheWorkloadAndEveryEdgeOfItsRuns() {
        GraphIndex index = new GraphIndex();
        Set<String> nodes = new HashSet<>();
        int[] edges = new int[1];
        GraphScaleBench.feed(workload, entry -> {
            index.apply(entry);
            if (entry.getNode() != null) {
                nodes.add(entry.getNode().getId());
            } else {
                edges[0]++;
                nodes.add(entry.getEdge().getFrom()); // jobs are named by their edges alone
            }
        });

        assertThat((long) nodes.size()).isEqualTo(workload.nodes());
        long[] relational = new long[1];
        workload.edges(edge -> relational[0]++);
        long[] sources = new long[1];
        workload.sources(source -> sources[0]++);
        assertThat(sources[0]).as("the hub and the one chain of its own").isEqualTo(2);
        assertThat((long) edges[0]).as("the relational baseline's edges (the runs'), and each observed source's "
                + "dataset → version edge").isEqualTo(relational[0] + sources[0]);
        for (String node : nodes) {
            assertThat(index.existsSince(node, GraphReader.LATEST)).as(node).isNotEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void walksFromTheHubReachEveryHubChainAndUpstreamFromAChainsEndReachesItsJobsAndDatasets() {
        GraphIndex index = new GraphIndex();
        GraphScaleBench.feed(workload, index::apply);
        TraversalLimits limits = new TraversalLimits(20, 1_000);

        Walk downstream = index.walk(Map.of(workload.hubId(), 0), Direction.DOWNSTREAM, limits, GraphReader.LATEST);
        assertThat(downstream.size()).as("the hub, then a run and a version per step of its 2 chains")
                .isEqualTo(1 + 2 * 4 * 2);

        String end = NodeIds.datasetVersion("t", "c2-s4", versionHash(2, 4));
        Walk upstream = index.walk(Map.of(end, 0), Direction.UPSTREAM, limits, GraphReader.LATEST);
        assertThat(upstream.size()).as("4 runs, their jobs, 5 versions with their datasets")
                .isEqualTo(4 + 4 + 5 + 5);
    }

    /** The content hash the workload gives the {@code step}-th version of {@code chain}. */
    private String versionHash(int chain, int step) {
        String[] hash = new String[1];
        workload.runs(run -> {
            if (run.getRunId().equals("r7-" + chain + "-" + step)) {
                hash[0] = run.getOutputs().get(0).getContentHash();
            }
        });
        return hash[0];
    }
}
