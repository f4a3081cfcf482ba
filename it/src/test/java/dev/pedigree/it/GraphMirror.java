package dev.pedigree.it;

import static org.awaitility.Awaitility.await;

import dev.pedigree.graph.GraphIndex;
import dev.pedigree.graph.GraphReader;
import dev.pedigree.graph.ProvenanceReader;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.streams.InternalTopics;
import dev.pedigree.streams.StoreNames;
import dev.pedigree.streams.TopologyFixture;
import dev.pedigree.streams.internals.GraphStoreUpdater;
import dev.pedigree.streams.internals.InternalSerde;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The global graph store as every Pedigree instance builds it, built in the test JVM from the graph topic with the
 * processor's own updater, so tests read provenance through the real read path while the processor runs elsewhere.
 */
final class GraphMirror implements AutoCloseable {

    private final KafkaStreams streams;
    private final GraphIndex index = new GraphIndex();

    GraphMirror(String bootstrapServers) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        InternalSerde<GraphEntry> serde = InternalSerde.of(GraphEntry.class);
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.GRAPH),
                        Serdes.String(), serde).withLoggingDisabled(),
                InternalTopics.GRAPH, Consumed.with(Serdes.String(), serde).withName("graph-source"),
                GraphStoreUpdater::new);
        Files.createDirectories(ItPaths.home());
        Path stateDir = Files.createTempDirectory(ItPaths.home(), "graph-mirror");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pedigree-it-mirror-" + UUID.randomUUID());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put("processing.exception.handler.global.enabled", true);
        props.put(GraphIndex.CONFIG, index);
        streams = new KafkaStreams(builder.build(), props);
        streams.start();
        await().atMost(Duration.ofMinutes(1)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    }

    ReadOnlyKeyValueStore<String, GraphEntry> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(StoreNames.GRAPH, QueryableStoreTypes.keyValueStore()));
    }

    GraphReader graph() {
        return new GraphReader(store(), index);
    }

    ProvenanceReader provenance() {
        return new ProvenanceReader(graph());
    }

    Map<String, GraphEntry> snapshot() {
        return TopologyFixture.snapshot(store());
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(10));
    }
}
