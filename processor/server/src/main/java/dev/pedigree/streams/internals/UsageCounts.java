package dev.pedigree.streams.internals;

import dev.pedigree.graph.store.UsageStats;

/** Adding predictions to a usage count: counts add up, first is the earliest time, last the latest. */
final class UsageCounts {

    private UsageCounts() {
    }

    static UsageStats add(UsageStats stats, long count, long first, long last) {
        return stats == null ? new UsageStats(count, first, last)
                : new UsageStats(stats.getCount() + count, Math.min(stats.getFirst(), first),
                        Math.max(stats.getLast(), last));
    }
}
