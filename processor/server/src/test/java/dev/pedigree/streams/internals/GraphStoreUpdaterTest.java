package dev.pedigree.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.graph.Direction;
import dev.pedigree.graph.GraphIndex;
import dev.pedigree.graph.GraphKeys;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.TraversalLimits;
import dev.pedigree.graph.Walk;
import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.graph.store.ModelVersionDetail;
import dev.pedigree.graph.store.Node;
import dev.pedigree.graph.store.NodeKind;
import dev.pedigree.streams.StoreNames;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The global graph store's updater: what it stores whichever writer of a node or edge comes first, with the index
 * beside it; an edge once, and nothing for one reported again.
 */
class GraphStoreUpdaterTest {

    private static final String MODEL = NodeIds.modelVersion("ctr", "7");
    private static final String RUN = NodeIds.run("train-7");

    private MockProcessorContext<Void, Void> context;
    private KeyValueStore<String, GraphEntry> store;
    private GraphIndex index;
    private GraphStoreUpdater updater;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>(ProcessorStores.settings());
        store = ProcessorStores.keyValue(context, StoreNames.GRAPH,
                new PassThroughSerde<>(InternalSerde.of(GraphEntry.class)).store());
        index = GraphIndex.from(context.appConfigs());
        updater = new GraphStoreUpdater();
        updater.init(context);
    }

    private void write(GraphEntry entry) {
        updater.process(new Record<>("key", entry, 0L));
    }

    private static GraphEntry model(long firstSeen, boolean withDetail) {
        return new GraphEntry(new Node(MODEL, NodeKind.MODEL_VERSION, firstSeen, withDetail
                ? ModelVersionDetail.newBuilder().setName("ctr").setVersion("7").setTrainingRunId("train-7")
                        .setArtifactHash(null).setMetrics(Map.of()).setHyperparameters(Map.of()).setStage(null)
                        .setAttributesVersion("v1").build() : null), null);
    }

    private static GraphEntry trained(long firstSeen, String runId) {
        return new GraphEntry(null, new Edge(RUN, MODEL, EdgeKind.TRAINED, firstSeen, runId, null));
    }

    private Node storedModel() {
        return store.get(GraphKeys.node(MODEL)).getNode();
    }

    @Test
    void aNodeKeepsItsEarliestTimeAndTheOwnersDetailWhicheverWriterCameFirst() {
        write(model(20, false));
        assertThat(storedModel().getFirstSeen()).isEqualTo(20);
        assertThat(storedModel().getDetail()).isNull();

        write(model(30, true));
        assertThat(storedModel().getFirstSeen()).as("the earliest time stays").isEqualTo(20);
        assertThat(storedModel().getDetail()).as("the owner's detail is kept").isInstanceOf(ModelVersionDetail.class);

        long writes = index.writes();
        write(model(40, false));
        assertThat(storedModel().getDetail()).as("a later writer without detail changes nothing")
                .isInstanceOf(ModelVersionDetail.class);
        assertThat(index.writes()).as("and nothing is written").isEqualTo(writes);

        write(model(10, false));
        assertThat(storedModel().getFirstSeen()).isEqualTo(10);
        assertThat(storedModel().getDetail()).isInstanceOf(ModelVersionDetail.class);
        assertThat(index.existsSince(MODEL, Long.MAX_VALUE)).isEqualTo(10);
    }

    @Test
    void anEdgeIsStoredOnceOutOfItsSourceAndKeepsItsEarliestWrite() {
        write(trained(20, null));
        write(trained(30, "train-7"));
        assertThat(store.get(GraphKeys.out(RUN, MODEL)).getEdge().getFirstSeen()).isEqualTo(20);

        write(trained(10, null));
        write(trained(10, "train-7"));
        Edge stored = store.get(GraphKeys.out(RUN, MODEL)).getEdge();
        assertThat(stored.getFirstSeen()).isEqualTo(10);
        assertThat(stored.getRunId()).as("at the same time, the write naming its run wins").isEqualTo("train-7");
        assertThat(store.approximateNumEntries()).as("one key for the edge").isEqualTo(1);
        Walk walk = index.walk(Map.of(RUN, 0), Direction.DOWNSTREAM, TraversalLimits.DEFAULT, Long.MAX_VALUE);
        assertThat(walk.edges()).extracting(Edge::getFirstSeen).containsExactly(10L);
        assertThat(index.edges(MODEL, Direction.UPSTREAM, Long.MAX_VALUE, 10)).as("the index answers for in-edges")
                .containsExactly(stored);
    }

    @Test
    void anEdgeReportedAgainChangesNothing() {
        write(trained(20, "train-7"));
        long writes = index.writes();
        store.put(GraphKeys.out(RUN, MODEL), trained(99, "marker"));

        write(trained(20, "train-7"));
        write(trained(30, null));

        assertThat(index.writes()).as("no write the graph's caches would be dropped for").isEqualTo(writes);
        assertThat(store.get(GraphKeys.out(RUN, MODEL)).getEdge().getRunId()).as("the store was not written")
                .isEqualTo("marker");
    }

    @Test
    void aNodeTheStoreLostIsWrittenAgainThoughTheIndexStillHasIt() {
        write(model(20, true));
        store.delete(GraphKeys.node(MODEL));

        write(model(25, false));

        assertThat(storedModel().getFirstSeen()).isEqualTo(25);
    }

    @Test
    void theInEdgeKeysAnEarlierBuildKeptAreDroppedWhenTheUpdaterStarts() {
        for (int i = 0; i < 25_000; i++) {
            String run = NodeIds.run("train-" + i);
            Edge edge = new Edge(run, MODEL, EdgeKind.TRAINED, (long) i, null, null);
            store.put(GraphKeys.out(run, MODEL), new GraphEntry(null, edge));
            store.put(GraphKeys.OLD_IN_EDGES + MODEL + "|" + run, new GraphEntry(null, edge));
        }
        Properties settings = ProcessorStores.settings();
        GraphIndex loaded = new GraphIndex();
        settings.put(GraphIndex.CONFIG, loaded);
        MockProcessorContext<Void, Void> restarted = new MockProcessorContext<>(settings);
        restarted.addStateStore(store);

        new GraphStoreUpdater().init(restarted);

        assertThat(store.approximateNumEntries()).as("the out-edges alone").isEqualTo(25_000);
        assertThat(store.get(GraphKeys.OLD_IN_EDGES + MODEL + "|" + RUN)).isNull();
        assertThat(loaded.edges(MODEL, Direction.UPSTREAM, Long.MAX_VALUE, Integer.MAX_VALUE)).hasSize(25_000);
    }

    @Test
    void aStartedUpdaterMergesWithWhatTheStoreHeldBefore() {
        write(model(20, true));
        write(trained(20, "train-7"));
        // A restart: a new index, loaded from the store by the new updater.
        Properties settings = ProcessorStores.settings();
        settings.put(GraphIndex.CONFIG, new GraphIndex());
        MockProcessorContext<Void, Void> restarted = new MockProcessorContext<>(settings);
        restarted.addStateStore(store);
        GraphStoreUpdater again = new GraphStoreUpdater();
        again.init(restarted);

        again.process(new Record<>("key", model(40, false), 0L));
        again.process(new Record<>("key", trained(40, null), 0L));

        assertThat(storedModel().getDetail()).as("a record the loaded index knows is merged, not overwritten")
                .isInstanceOf(ModelVersionDetail.class);
        assertThat(storedModel().getFirstSeen()).isEqualTo(20);
        assertThat(store.get(GraphKeys.out(RUN, MODEL)).getEdge().getFirstSeen()).isEqualTo(20);
        assertThat(store.get(GraphKeys.out(RUN, MODEL)).getEdge().getRunId()).isEqualTo("train-7");
    }
}
