package dev.pedigree.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.GraphEntry;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PassThroughSerdeTest {

    private final InternalSerde<GraphEntry> internal = InternalSerde.of(GraphEntry.class);
    private final PassThroughSerde<GraphEntry> serde = new PassThroughSerde<>(internal);

    private static GraphEntry edge(long firstSeen) {
        return new GraphEntry(null, new Edge(NodeIds.run("r"), NodeIds.modelVersion("m", "1"), EdgeKind.TRAINED,
                firstSeen, null, null));
    }

    @Test
    void aValueStoredAsItWasReadIsStoredAsTheBytesItCameIn() {
        byte[] fromTopic = internal.toBytes(edge(5));
        GraphEntry read = serde.source().deserializer().deserialize("graph", fromTopic);
        assertThat(read).isEqualTo(edge(5));
        assertThat(serde.store().serializer().serialize("graph", read)).isSameAs(fromTopic);
    }

    @Test
    void aValueStoredUnderTwoKeysIsEncodedOnceAndAnyOtherValueAnew() {
        GraphEntry merged = edge(3);
        byte[] first = serde.store().serializer().serialize("graph", merged);
        assertThat(serde.store().serializer().serialize("graph", merged)).isSameAs(first);
        assertThat(internal.fromBytes(first)).isEqualTo(merged);

        GraphEntry equalButNew = edge(3);
        byte[] again = serde.store().serializer().serialize("graph", equalButNew);
        assertThat(again).isNotSameAs(first).isEqualTo(first);
        assertThat(internal.fromBytes(serde.store().serializer().serialize("graph", edge(4)))).isEqualTo(edge(4));
    }

    @Test
    void aValueReadOnAnotherThreadIsNotTakenForThisThreadsOwn() throws Exception {
        GraphEntry read = serde.source().deserializer().deserialize("graph", internal.toBytes(edge(5)));
        byte[] fromElsewhere = internal.toBytes(edge(6));
        CompletableFuture.runAsync(() -> serde.source().deserializer().deserialize("graph", fromElsewhere)).get();
        assertThat(internal.fromBytes(serde.store().serializer().serialize("graph", read))).isEqualTo(edge(5));
        assertThat(serde.store().deserializer().deserialize("graph", fromElsewhere)).isEqualTo(edge(6));
    }
}
