package dev.pedigree.profiles;

import dev.pedigree.events.ColumnProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The column-by-column difference between two versions of a dataset, in the newer version's column order. */
public final class ProfileDiff {

    private ProfileDiff() {
    }

    /** Columns of {@code to} in order, then those only {@code from} has. */
    public static List<ColumnDiff> of(List<ColumnProfile> from, List<ColumnProfile> to) {
        Map<String, ColumnProfile> older = new LinkedHashMap<>();
        from.forEach(profile -> older.put(profile.getName(), profile));
        List<ColumnDiff> diffs = new ArrayList<>();
        for (ColumnProfile profile : to) {
            diffs.add(ColumnDiff.of(profile.getName(), older.remove(profile.getName()), profile));
        }
        older.forEach((name, profile) -> diffs.add(ColumnDiff.of(name, profile, null)));
        return diffs;
    }
}
