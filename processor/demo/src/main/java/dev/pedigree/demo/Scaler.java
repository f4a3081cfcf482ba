package dev.pedigree.demo;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rescales feature columns with statistics learned on the training table: {@code standard} (z-score) or
 * {@code minmax} (to [0, 1]). Applying it to other data with the same statistics is what serving does.
 */
record Scaler(String method, Map<String, double[]> statistics) {

    static Scaler fit(String method, Table table, List<String> columns) {
        Map<String, double[]> statistics = new LinkedHashMap<>();
        for (String column : columns) {
            double[] values = table.values(column);
            double center;
            double scale;
            if (method.equals("standard")) {
                center = Arrays.stream(values).average().orElse(0);
                scale = Math.sqrt(Arrays.stream(values).map(v -> (v - center) * (v - center)).average().orElse(1));
            } else if (method.equals("minmax")) {
                center = Arrays.stream(values).min().orElse(0);
                scale = Arrays.stream(values).max().orElse(1) - center;
            } else {
                throw new IllegalArgumentException("unknown scaling method " + method + " (standard, minmax)");
            }
            statistics.put(column, new double[] {center, scale == 0 ? 1 : scale});
        }
        return new Scaler(method, statistics);
    }

    Table apply(Table table) {
        Table scaled = table.copy();
        statistics.forEach((column, stats) -> {
            int index = scaled.column(column);
            scaled.rows().forEach(row -> row[index] = (row[index] - stats[0]) / stats[1]);
        });
        return scaled;
    }

    Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("scaler", method);
        parameters.put("columns", String.join(",", statistics.keySet()));
        return parameters;
    }
}
