package dev.pedigree.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.config.PedigreeConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompactionStyle;
import org.rocksdb.DataBlockIndexType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedMemoryRocksDBConfigTest {

    static {
        RocksDB.loadLibrary();
    }

    @Test
    void theGraphStoreIsSetUpForPointReadsAndTheOthersKeepKafkaStreamsCompaction() {
        BoundedMemoryRocksDBConfig config = new BoundedMemoryRocksDBConfig();
        try (Options graph = streamsDefaults(); Options predictions = streamsDefaults()) {
            config.setConfig(StoreNames.GRAPH, graph, Map.of());
            config.setConfig(StoreNames.PREDICTIONS, predictions, Map.of());

            assertThat(graph.compactionStyle()).isEqualTo(CompactionStyle.LEVEL);
            BlockBasedTableConfig graphTable = (BlockBasedTableConfig) graph.tableFormatConfig();
            assertThat(graphTable.dataBlockIndexType()).isEqualTo(DataBlockIndexType.kDataBlockBinaryAndHash);
            assertThat(graphTable.pinL0FilterAndIndexBlocksInCache()).isTrue();

            assertThat(predictions.compactionStyle()).isEqualTo(CompactionStyle.UNIVERSAL);
            BlockBasedTableConfig predictionTable = (BlockBasedTableConfig) predictions.tableFormatConfig();
            assertThat(predictionTable.dataBlockIndexType()).isEqualTo(DataBlockIndexType.kDataBlockBinarySearch);
            assertThat(predictionTable.cacheIndexAndFilterBlocks()).isTrue();
        }
    }

    @Test
    void theMemtablesOfEveryStoreFitInHalfTheWriteBuffers() {
        BoundedMemoryRocksDBConfig config = new BoundedMemoryRocksDBConfig();
        long budget = PedigreeConfig.DEFAULT_ROCKSDB_WRITE_BUFFER_BYTES;
        long configured = PedigreeConfig.DEFAULT_ROCKSDB_MEMTABLE_BYTES;
        try (Options few = streamsDefaults(); Options many = streamsDefaults(); Options tooMany = streamsDefaults();
                Options graph = streamsDefaults(); Options uncounted = streamsDefaults()) {
            config.setConfig(StoreNames.PREDICTIONS, few, Map.of(RocksDbStoreCount.CONFIG, "10"));
            config.setConfig(StoreNames.PREDICTIONS, many, Map.of(RocksDbStoreCount.CONFIG, "83"));
            config.setConfig(StoreNames.PREDICTIONS, tooMany, Map.of(RocksDbStoreCount.CONFIG, "5000"));
            config.setConfig(StoreNames.GRAPH, graph, Map.of(RocksDbStoreCount.CONFIG, "83"));
            config.setConfig(StoreNames.PREDICTIONS, uncounted, Map.of());

            assertThat(few.writeBufferSize()).as("ten stores: the configured size").isEqualTo(configured);
            assertThat(many.writeBufferSize()).as("83 full memtables and the graph's fill half the budget")
                    .isEqualTo((budget - configured) / (2 * 83)).isLessThan(configured);
            assertThat(83 * many.writeBufferSize() + graph.writeBufferSize()).isLessThanOrEqualTo(budget / 2 + configured);
            assertThat(tooMany.writeBufferSize()).as("never below the floor")
                    .isEqualTo(BoundedMemoryRocksDBConfig.MIN_MEMTABLE_BYTES);
            assertThat(graph.writeBufferSize()).as("the graph store keeps the configured size").isEqualTo(configured);
            assertThat(uncounted.writeBufferSize()).isEqualTo(configured);
        }
    }

    /** Options as Kafka Streams hands them to the config setter (its RocksDBStore sets universal compaction). */
    private static Options streamsDefaults() {
        return new Options().setCompactionStyle(CompactionStyle.UNIVERSAL)
                .setTableFormatConfig(new BlockBasedTableConfig());
    }
}
