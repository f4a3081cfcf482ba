package dev.pedigree.http;

import dev.pedigree.events.AlertType;
import dev.pedigree.events.LineageAlert;
import java.util.EnumMap;
import java.util.Map;

/**
 * Alerts by type for the metrics, counted from the global alerts store at most every few seconds however often
 * Prometheus scrapes (each type's gauge asks in turn). Zero while the store is not queryable.
 */
final class AlertCounts {

    private static final long REFRESH_NANOS = 5_000_000_000L;

    private final QueryRouter access;
    private Map<AlertType, Long> counts = new EnumMap<>(AlertType.class);
    private long countedAt = Long.MIN_VALUE;

    AlertCounts(QueryRouter access) {
        this.access = access;
    }

    synchronized long of(AlertType type) {
        long now = System.nanoTime();
        if (countedAt == Long.MIN_VALUE || now - countedAt > REFRESH_NANOS) {
            Map<AlertType, Long> fresh = new EnumMap<>(AlertType.class);
            try {
                for (LineageAlert alert : access.alerts(null, 0L)) {
                    fresh.merge(alert.getType(), 1L, Long::sum);
                }
                counts = fresh;
            } catch (RuntimeException notQueryableYet) {
                // restoring or rebalancing: keep the last counts
            }
            countedAt = now;
        }
        return counts.getOrDefault(type, 0L);
    }
}
