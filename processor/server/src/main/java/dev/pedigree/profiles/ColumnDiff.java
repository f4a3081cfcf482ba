package dev.pedigree.profiles;

import dev.pedigree.events.ColumnProfile;
import dev.pedigree.events.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one column differs between two versions of a dataset: its status, both profiles, the drift score (PSI)
 * and how far its share of nulls moved.
 *
 * @param from the older profile, null for a column ADDED
 * @param to the newer profile, null for a column REMOVED
 * @param psi the population stability index, null when the two cannot be compared
 * @param nullFractionChange the newer share of nulls minus the older one
 */
public record ColumnDiff(String name, Status status, ColumnProfile from, ColumnProfile to, Double psi,
        double nullFractionChange) {

    /** SAME: the column's content hash did not change. */
    public enum Status { SAME, CHANGED, ADDED, REMOVED, TYPE_CHANGED }

    /** How far the share of nulls may move before it counts as drift, whatever the threshold. */
    public static final double NULL_FRACTION_CHANGE = 0.1;

    static ColumnDiff of(String name, ColumnProfile from, ColumnProfile to) {
        if (from == null) {
            return new ColumnDiff(name, Status.ADDED, null, to, null, 0.0);
        }
        if (to == null) {
            return new ColumnDiff(name, Status.REMOVED, from, null, null, 0.0);
        }
        double nulls = nullFraction(to) - nullFraction(from);
        if (from.getContentHash().equals(to.getContentHash())) {
            return new ColumnDiff(name, Status.SAME, from, to, 0.0, nulls);
        }
        if (from.getType() != to.getType()) {
            return new ColumnDiff(name, Status.TYPE_CHANGED, from, to, Psi.of(from, to), nulls);
        }
        return new ColumnDiff(name, Status.CHANGED, from, to, Psi.of(from, to), nulls);
    }

    /**
     * Whether this change is drift at {@code threshold}: the type changed, PSI reached it, or nulls moved 0.1.
     * The same content is never drift, and a column added or removed is a schema change, not drift.
     */
    public boolean drifted(double threshold) {
        if (status == Status.SAME || from == null || to == null) {
            return false;
        }
        return status == Status.TYPE_CHANGED || (psi != null && psi >= threshold)
                || Math.abs(nullFractionChange) >= NULL_FRACTION_CHANGE;
    }

    /** The change in words, e.g. {@code mean 0.031 → 0.000, PSI 7.9}. */
    public String statistic() {
        List<String> parts = new ArrayList<>();
        if (status == Status.TYPE_CHANGED) {
            parts.add("type " + from.getType() + " → " + to.getType());
        }
        if (from != null && to != null && from.getMean() != null && to.getMean() != null) {
            parts.add(String.format(Locale.ROOT, "mean %s → %s", number(from.getMean()), number(to.getMean())));
        }
        if (Math.abs(nullFractionChange) >= 0.005) {
            parts.add(String.format(Locale.ROOT, "nulls %.0f%% → %.0f%%", 100 * nullFraction(from),
                    100 * nullFraction(to)));
        }
        if (psi != null && status != Status.SAME) {
            parts.add(String.format(Locale.ROOT, "PSI %.2f", psi));
        }
        return parts.isEmpty() ? status.name().toLowerCase(Locale.ROOT) : String.join(", ", parts);
    }

    public ColumnType fromType() {
        return from == null ? null : from.getType();
    }

    public ColumnType toType() {
        return to == null ? null : to.getType();
    }

    static double nullFraction(ColumnProfile profile) {
        long all = profile.getCount() + profile.getNulls();
        return all == 0 ? 0.0 : (double) profile.getNulls() / all;
    }

    private static String number(double value) {
        double magnitude = Math.abs(value);
        return magnitude != 0 && (magnitude >= 1e6 || magnitude < 1e-3) ? String.format(Locale.ROOT, "%.3g", value)
                : String.format(Locale.ROOT, "%.3f", value);
    }
}
