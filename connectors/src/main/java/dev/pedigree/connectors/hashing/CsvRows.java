package dev.pedigree.connectors.hashing;

import dev.pedigree.connectors.profiling.BackgroundProfiler;
import dev.pedigree.connectors.profiling.ColumnProfiler;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** The rows of CSV files that share one header, fed to one profiler (a folder read as one table). */
final class CsvRows {

    private CsvRows() {
    }

    static ColumnProfiler profile(List<Path> files) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        BackgroundProfiler profiler = null;
        List<String> header = null;
        try {
            for (Path file : files) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                     CSVParser parser = CSVParser.parse(reader, format)) {
                    boolean first = true;
                    for (CSVRecord record : parser) {
                        if (first) {
                            first = false;
                            if (header == null) {
                                header = record.toList();
                                if (!ColumnProfiler.fits(header.size())) {
                                    throw new IOException(header.size() + " columns, more than the "
                                            + ColumnProfiler.MAX_COLUMNS + " profiled");
                                }
                                profiler = new BackgroundProfiler(header);
                            } else if (!header.equals(record.toList())) {
                                throw new IOException(file.getFileName() + " has another header than the other files");
                            }
                            continue;
                        }
                        profiler.addTextRow(record.values());
                    }
                } catch (java.io.UncheckedIOException e) {
                    throw new IOException(file.getFileName() + " is not UTF-8 text", e);
                }
            }
            return profiler == null ? new ColumnProfiler(List.of()) : profiler.finish();
        } finally {
            if (profiler != null) {
                profiler.close();
            }
        }
    }
}
