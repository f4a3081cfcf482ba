package dev.pedigree.connectors.profiling;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Column profiles computed on threads of their own, so that profiling runs beside parsing and hashing instead of
 * after them: the caller hands over rows (text cells of a CSV file, typed values of a Parquet file) in batches, each thread profiles a slice of the columns of
 * every batch (on two cores, the parser and two profiling threads keep both busy: profiling a row costs about twice
 * parsing it), bounded queues keep memory constant whatever the file's size, and {@link #finish} waits for the last
 * batch. Close it in all cases: on an error of the caller, closing stops the threads.
 *
 * <pre>{@code
 * try (BackgroundProfiler profiler = new BackgroundProfiler(header)) {
 *     for (CSVRecord record : parser) {
 *         profiler.addTextRow(record.values());
 *     }
 *     return profiler.finish().profiles();
 * }
 * }</pre>
 */
public final class BackgroundProfiler implements AutoCloseable {

    private static final int BATCH_ROWS = 1_024;
    /** Batches waiting for the profiling thread: at most this many are held before the caller waits. */
    private static final int BATCHES_QUEUED = 8;
    private static final long WAIT_MS = 100;
    private static final List<Row> END = List.of();
    /** Profiling threads at most (fewer with fewer processors or columns). */
    private static final int THREADS = 2;

    private final List<String> columns;
    private final List<ColumnProfiler> slices = new ArrayList<>();
    private final List<BlockingQueue<List<Row>>> queues = new ArrayList<>();
    private final List<Future<?>> profiled = new ArrayList<>();
    private final ExecutorService threads;
    private List<Row> batch = new ArrayList<>(BATCH_ROWS);

    /** A row as the caller read it: text cells to type, or typed values. */
    private sealed interface Row permits TextRow, ValueRow {
        void addTo(ColumnProfiler profiler);
    }

    private record TextRow(String[] cells) implements Row {
        @Override
        public void addTo(ColumnProfiler profiler) {
            profiler.addTextRow(cells);
        }
    }

    private record ValueRow(Object[] values) implements Row {
        @Override
        public void addTo(ColumnProfiler profiler) {
            profiler.addRow(values);
        }
    }

    /** @throws IllegalArgumentException with more than {@link ColumnProfiler#MAX_COLUMNS} columns */
    public BackgroundProfiler(List<String> columns) {
        this.columns = List.copyOf(columns);
        int threadCount = Math.max(1, Math.min(Math.min(THREADS, columns.size()),
                Runtime.getRuntime().availableProcessors()));
        threads = Executors.newFixedThreadPool(threadCount, task -> {
            Thread profiling = new Thread(task, "pedigree-column-profiler");
            profiling.setDaemon(true);
            return profiling;
        });
        for (int t = 0; t < threadCount; t++) {
            ColumnProfiler slice = new ColumnProfiler(columns, columns.size() * t / threadCount,
                    columns.size() * (t + 1) / threadCount);
            BlockingQueue<List<Row>> queue = new ArrayBlockingQueue<>(BATCHES_QUEUED);
            slices.add(slice);
            queues.add(queue);
            profiled.add(threads.submit(() -> {
                for (List<Row> rows = queue.take(); rows != END; rows = queue.take()) {
                    rows.forEach(row -> row.addTo(slice));
                }
                return null;
            }));
        }
    }

    /** A row of text cells, as {@link ColumnProfiler#addTextRow}; the array must not change afterwards. */
    public void addTextRow(String[] cells) throws IOException {
        add(new TextRow(cells));
    }

    /** A row of typed values, as {@link ColumnProfiler#addRow}; the array must not change afterwards. */
    public void addRow(Object[] values) throws IOException {
        add(new ValueRow(values));
    }

    private void add(Row row) throws IOException {
        batch.add(row);
        if (batch.size() == BATCH_ROWS) {
            handOver(batch);
            batch = new ArrayList<>(BATCH_ROWS);
        }
    }

    /** Waits until every row is profiled. */
    public ColumnProfiler finish() throws IOException {
        if (!batch.isEmpty()) {
            handOver(batch);
            batch = new ArrayList<>(BATCH_ROWS);
        }
        handOver(END);
        for (Future<?> slice : profiled) {
            awaitSlice(slice);
        }
        return ColumnProfiler.joined(columns, slices);
    }

    /** Waits for room in every queue, unless a profiling thread has stopped (then says why). */
    private void handOver(List<Row> rows) throws IOException {
        for (int t = 0; t < queues.size(); t++) {
            try {
                while (!queues.get(t).offer(rows, WAIT_MS, TimeUnit.MILLISECONDS)) {
                    if (profiled.get(t).isDone()) {
                        awaitSlice(profiled.get(t));
                        throw new IOException("column profiling stopped");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while profiling columns");
            }
        }
    }

    private static void awaitSlice(Future<?> slice) throws IOException {
        try {
            slice.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while profiling columns");
        } catch (ExecutionException e) {
            throw new IOException("column profiling failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
