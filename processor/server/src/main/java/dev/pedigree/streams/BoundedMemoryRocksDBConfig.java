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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the off-heap memory of every RocksDB store of this JVM together: one LRU block cache of
 * {@value PedigreeConfig#ROCKSDB_MEMORY_BYTES} shared by all stores, which also accounts for the memtables through
 * one {@link WriteBufferManager} ({@value PedigreeConfig#ROCKSDB_WRITE_BUFFER_BYTES}); index and filter blocks
 * live in the cache too, and point lookups use bloom filters. The memory does not grow with stores or partitions.
 *
 * <p>Memtables are sized so that idle stores cannot fill the write buffer manager. When its memtables hold more than
 * its budget, RocksDB flushes the memtable of the store being written, however small, and never the idle stores'
 * (facebook/rocksdb#12157): every write then makes a tiny SST file. Idle stores keep what their memtable holds until
 * their task next checkpoints, so the budget must cover a full memtable for every store: each store's memtable is
 * {@value PedigreeConfig#ROCKSDB_MEMTABLE_BYTES} at most, and at most half the budget (less the graph store's)
 * divided by the number of RocksDB instances the topology opens ({@link RocksDbStoreCount}); the other half is
 * headroom for memtables being flushed. The global graph store, the one store every instance writes the most, keeps
 * the full size.
 *
 * <p>The cache is created from the first store's configuration and never closed (it lives as long as the JVM).
 */
public final class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {

    private static final Logger log = LoggerFactory.getLogger(BoundedMemoryRocksDBConfig.class);
    private static final double INDEX_FILTER_RATIO = 0.1;
    /** Smaller memtables flush too often to be worth it: below this, the budget is too small for the stores. */
    static final long MIN_MEMTABLE_BYTES = 512 * 1024;
    private static final long BLOCK_SIZE = 16 * 1024;

    private static Cache cache;
    private static WriteBufferManager writeBufferManager;
    private static BloomFilter bloomFilter;
    private static long writeBufferBytes;
    private static long loggedMemtable;

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
        long memtable = bytes(configs, PedigreeConfig.ROCKSDB_MEMTABLE_BYTES,
                PedigreeConfig.DEFAULT_ROCKSDB_MEMTABLE_BYTES);
        if (StoreNames.GRAPH.equals(storeName)) {
            options.setWriteBufferSize(memtable);
            // The global graph store answers point reads (a node's details per node reached): fewer sorted runs
            // to look through than Kafka Streams' default universal compaction, the first level's filters pinned,
            // and a hash index inside each data block.
            options.setCompactionStyle(CompactionStyle.LEVEL);
            table.setPinL0FilterAndIndexBlocksInCache(true);
            table.setDataBlockIndexType(DataBlockIndexType.kDataBlockBinaryAndHash);
        } else {
            options.setWriteBufferSize(memtableOf(memtable, configs.get(RocksDbStoreCount.CONFIG)));
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
        writeBufferBytes = writeBuffers;
        bloomFilter = new BloomFilter(10);
    }

    /**
     * A store's memtable: {@code configured} at most, and at most its share of half the budget left by the graph
     * store's memtable among {@code stores} (unset: the configured size).
     */
    static long memtableOf(long configured, Object stores) {
        if (stores == null) {
            return configured;
        }
        int count = Math.max(1, Integer.parseInt(stores.toString().trim()));
        long share = (writeBufferBytes - configured) / (2L * count);
        long memtable = Math.max(MIN_MEMTABLE_BYTES, Math.min(configured, share));
        logOnce(memtable, count, share);
        return memtable;
    }

    private static synchronized void logOnce(long memtable, int stores, long share) {
        if (memtable == loggedMemtable) {
            return;
        }
        loggedMemtable = memtable;
        if (share < MIN_MEMTABLE_BYTES) {
            log.warn("RocksDB: {} MiB of write buffers is too little for {} stores (each store's memtable would be {} "
                    + "KiB); using {} KiB, and writes may flush tiny memtables. Raise {} to at least {} MiB",
                    writeBufferBytes >> 20, stores, share >> 10, memtable >> 10,
                    PedigreeConfig.ROCKSDB_WRITE_BUFFER_BYTES, (2L * stores * MIN_MEMTABLE_BYTES >> 20) + 4);
        } else {
            log.info("RocksDB: {} stores share {} MiB of write buffers: memtables of {} KiB (the graph store's: the "
                    + "configured size)", stores, writeBufferBytes >> 20, memtable >> 10);
        }
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
