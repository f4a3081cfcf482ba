package dev.pedigree.cli;

import dev.pedigree.events.ColumnProfile;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The columns of a profiled dataset version, one line each, for {@code emit dataset}'s output. */
final class ColumnSummary {

    private ColumnSummary() {
    }

    static String of(List<ColumnProfile> columns) {
        int width = Math.max(6, columns.stream().mapToInt(c -> c.getName().length()).max().orElse(0));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "  %-" + width
                + "s  %-9s %10s %7s %10s  %s%n", "column", "type", "values", "nulls", "distinct", "summary"));
        for (ColumnProfile c : columns) {
            long all = c.getCount() + c.getNulls();
            out.append(String.format(Locale.ROOT, "  %-" + width + "s  %-9s %,10d %6.1f%% %,10.0f  %s%n", c.getName(),
                    c.getType(), c.getCount(), all == 0 ? 0.0 : 100.0 * c.getNulls() / all, c.getDistinct(),
                    summary(c)));
        }
        return out.toString();
    }

    private static String summary(ColumnProfile c) {
        if (c.getMean() != null) {
            return String.format(Locale.ROOT, "min %s, max %s, mean %s, stddev %s", number(c.getMin()),
                    number(c.getMax()), number(c.getMean()), number(c.getStddev()));
        }
        return c.getFrequent().stream().limit(3).map(f -> f.getValue() + " (" + f.getCount() + ")")
                .collect(Collectors.joining(", "));
    }

    private static String number(double value) {
        return Math.abs(value) >= 1e6 || (value != 0 && Math.abs(value) < 1e-3)
                ? String.format(Locale.ROOT, "%.3g", value) : String.format(Locale.ROOT, "%.4g", value);
    }
}
