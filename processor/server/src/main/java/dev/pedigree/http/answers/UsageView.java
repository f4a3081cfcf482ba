package dev.pedigree.http.answers;

import dev.pedigree.graph.Impact;
import java.time.Instant;

/** How many predictions were served, and the first and last of their times (null when none were). */
public record UsageView(long count, Instant first, Instant last) {

    public static UsageView of(Impact.Served served) {
        return served == null ? new UsageView(0L, null, null)
                : new UsageView(served.count(), Instant.ofEpochMilli(served.first()), Instant.ofEpochMilli(served.last()));
    }
}
