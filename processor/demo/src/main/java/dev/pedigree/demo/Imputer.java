package dev.pedigree.demo;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fills missing values with each column's median, learned on the training table and applied to any other. */
record Imputer(Map<String, Double> medians) {

    static Imputer fitMedians(Table table, List<String> columns) {
        Map<String, Double> medians = new LinkedHashMap<>();
        for (String column : columns) {
            double[] present = Arrays.stream(table.values(column)).filter(v -> !Double.isNaN(v)).sorted().toArray();
            if (present.length == 0) {
                throw new IllegalArgumentException("column " + column + " has no values to take a median of");
            }
            int middle = present.length / 2;
            medians.put(column, present.length % 2 == 1 ? present[middle]
                    : (present[middle - 1] + present[middle]) / 2);
        }
        return new Imputer(medians);
    }

    Table apply(Table table) {
        Table filled = table.copy();
        medians.forEach((column, median) -> {
            int index = filled.column(column);
            filled.rows().forEach(row -> {
                if (Double.isNaN(row[index])) {
                    row[index] = median;
                }
            });
        });
        return filled;
    }

    /** What a run records as its parameters. */
    Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("strategy", "median");
        parameters.put("columns", String.join(",", medians.keySet()));
        return parameters;
    }
}
