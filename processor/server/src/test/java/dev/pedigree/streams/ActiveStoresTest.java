package dev.pedigree.streams;

import static dev.pedigree.streams.Pipelines.at;
import static dev.pedigree.streams.Pipelines.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.events.Prediction;
import dev.pedigree.graph.PredictionLookup;
import dev.pedigree.graph.store.UsageStats;
import dev.pedigree.schema.topic.TopicNames;
import dev.pedigree.streams.internals.InternalSerde;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class ActiveStoresTest {

    @Test
    void everyQueriedPartitionedStoreHasAHandleWhileItsTaskRunsAndNoneAfter() {
        ActiveStores stores;
        try (TopologyFixture fixture = new TopologyFixture()) {
            stores = fixture.activeStores;
            fixture.send(prediction("p-1", "ranker", "1", at(1)));

            ReadOnlyWindowStore<String, Prediction> predictions = stores.get(StoreNames.PREDICTIONS, 0,
                    QueryableStoreTypes.windowStore());
            assertThat(PredictionLookup.find(predictions, "p-1")).map(Prediction::getPredictionId).contains("p-1");
            assertThat(stores.get(StoreNames.PREDICTION_USAGE, 0, QueryableStoreTypes.keyValueStore())).isNotNull();
            assertThat(stores.get(StoreNames.DATASET_PROFILES, 0, QueryableStoreTypes.keyValueStore())).isNotNull();
            for (String topic : new String[] {TopicNames.DATASETS, TopicNames.RUNS, TopicNames.MODELS,
                    TopicNames.PREDICTIONS}) {
                assertThat(stores.get(StoreNames.auditLog(topic), 0, QueryableStoreTypes.keyValueStore()))
                        .as("audit log of %s", topic).isNotNull();
            }
            assertThat(stores.get(StoreNames.PREDICTIONS, 1, QueryableStoreTypes.windowStore()))
                    .as("a partition this instance does not run").isNull();
        }
        assertThat(stores.size()).as("handles left once the tasks closed").isZero();
        assertThat(stores.get(StoreNames.PREDICTIONS, 0, QueryableStoreTypes.windowStore())).isNull();
    }

    @Test
    void aStoreAskedForAsAnotherTypeIsAnError() {
        try (TopologyFixture fixture = new TopologyFixture()) {
            assertThatThrownBy(() -> fixture.activeStores.get(StoreNames.PREDICTIONS, 0,
                    QueryableStoreTypes.keyValueStore()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(StoreNames.PREDICTIONS);
        }
    }

    @Test
    void aHandleWhoseStoreClosedWithoutItsProcessorIsDropped() {
        ActiveStores stores = new ActiveStores();
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>(new Properties());
        KeyValueStore<String, UsageStats> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.PREDICTION_USAGE), Serdes.String(),
                InternalSerde.of(UsageStats.class)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        stores.add(context, store);
        assertThat(stores.get(StoreNames.PREDICTION_USAGE, 0, QueryableStoreTypes.keyValueStore())).isSameAs(store);

        store.close();

        assertThat(stores.get(StoreNames.PREDICTION_USAGE, 0, QueryableStoreTypes.keyValueStore())).isNull();
        assertThat(stores.size()).isZero();
    }

    @Test
    void withoutTheSettingTheProcessorsSayWhatIsMissing() {
        assertThatThrownBy(() -> ActiveStores.from(java.util.Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(ActiveStores.CONFIG);
    }
}
