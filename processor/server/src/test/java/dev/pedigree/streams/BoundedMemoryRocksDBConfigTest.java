package dev.pedigree.streams;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** Options as Kafka Streams hands them to the config setter (its RocksDBStore sets universal compaction). */
    private static Options streamsDefaults() {
        return new Options().setCompactionStyle(CompactionStyle.UNIVERSAL)
                .setTableFormatConfig(new BlockBasedTableConfig());
    }
}
