package dev.pedigree.streams.internals;

import java.util.Map;

/**
 * Orders events of one entity by event time, then event id, as one comparable string. Attributes are taken from
 * the greatest version seen, so every delivery order (late, repeated, shuffled) converges to the same state.
 */
final class EventVersion {

    private EventVersion() {
    }

    /** {@code eventTime} zero-padded to 19 digits (the width of any positive long), a colon, {@code eventId}. */
    static String of(long eventTime, String eventId) {
        if (eventTime < 0) {
            return String.format("%019d:%s", eventTime, eventId);
        }
        // Without String.format, which the graph ingest profile found on the stream thread for every run event.
        String digits = Long.toString(eventTime);
        return "0".repeat(19 - digits.length()) + digits + ":" + eventId;
    }

    static boolean isNewer(String candidate, String current) {
        return candidate.compareTo(current) > 0;
    }

    /**
     * Merges {@code incoming} into {@code target} key by key, each key keeping the value of the newest event that
     * set it; {@code versions} records, per key, the version its value came from.
     *
     * @return whether anything changed
     */
    static boolean mergeByKey(Map<String, String> target, Map<String, String> versions, Map<String, String> incoming,
            String version) {
        boolean changed = false;
        for (Map.Entry<String, String> entry : incoming.entrySet()) {
            String current = versions.get(entry.getKey());
            if (current == null || isNewer(version, current)) {
                changed |= !entry.getValue().equals(target.get(entry.getKey())) || current == null
                        || !version.equals(current);
                target.put(entry.getKey(), entry.getValue());
                versions.put(entry.getKey(), version);
            }
        }
        return changed;
    }
}
