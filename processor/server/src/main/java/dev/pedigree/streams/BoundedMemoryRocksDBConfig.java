package dev.pedigree.streams;

import dev.pedigree.config.PedigreeConfig;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.CompactionStyle;
import org.rocksdb.DataBlockIndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of this JVM together: one LRU block cache of
 * {@value PedigreeConfig#ROCKSDB_MEMORY_BYTES} shared by all stores, which also accounts for the memtables through
 * one {@link WriteBufferManager} ({@value PedigreeConfig#ROCKSDB_WRITE_BUFFER_BYTES}); index and filter blocks
 * live in the cache too, and point lookups use bloom filters. The memory does not grow with stores or partitions.
 * Each store's memtable is {@value PedigreeConfig#ROCKSDB_MEMTABLE_BYTES}: small, so that the memtables idle stores
 * keep do not fill the write buffer manager (which would make every write elsewhere flush).
 *
 * <p>The cache is created from the first store's configuration and never closed (it lives as long as the JVM).
 */
public final class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {

    private static final double INDEX_FILTER_RATIO = 0.1;
    private static final long BLOCK_SIZE = 16 * 1024;

    private static Cache cache;
    private static WriteBufferManager writeBufferManager;
    private static BloomFilter bloomFilter;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        initShared(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setBlockSize(BLOCK_SIZE);
        table.setFilterPolicy(bloomFilter);
        options.setWriteBufferManager(writeBufferManager);
        options.setWriteBufferSize(bytes(configs, PedigreeConfig.ROCKSDB_MEMTABLE_BYTES,
                PedigreeConfig.DEFAULT_ROCKSDB_MEMTABLE_BYTES));
        if (StoreNames.GRAPH.equals(storeName)) {
            // The global graph store answers point reads (a node's details per node reached): fewer sorted runs
            // to look through than Kafka Streams' default universal compaction, the first level's filters pinned,
            // and a hash index inside each data block.
            options.setCompactionStyle(CompactionStyle.LEVEL);
            table.setPinL0FilterAndIndexBlocksInCache(true);
            table.setDataBlockIndexType(DataBlockIndexType.kDataBlockBinaryAndHash);
        }
        options.setTableFormatConfig(table);
    }

    private static synchronized void initShared(Map<String, Object> configs) {
        if (cache != null) {
            return;
        }
        long total = bytes(configs, PedigreeConfig.ROCKSDB_MEMORY_BYTES, PedigreeConfig.DEFAULT_ROCKSDB_MEMORY_BYTES);
        long writeBuffers = Math.min(total / 2, bytes(configs, PedigreeConfig.ROCKSDB_WRITE_BUFFER_BYTES,
                PedigreeConfig.DEFAULT_ROCKSDB_WRITE_BUFFER_BYTES));
        cache = new LRUCache(total, -1, false, INDEX_FILTER_RATIO);
        writeBufferManager = new WriteBufferManager(writeBuffers, cache);
        bloomFilter = new BloomFilter(10);
    }

    private static long bytes(Map<String, Object> configs, String key, long fallback) {
        Object value = configs.get(key);
        return value == null ? fallback : Long.parseLong(value.toString().trim());
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache, write buffer manager and filter are shared by all stores: never closed per store.
    }
}
