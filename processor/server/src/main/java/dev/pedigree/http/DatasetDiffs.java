package dev.pedigree.http;

import dev.pedigree.events.DatasetVersion;
import dev.pedigree.http.answers.Answers;
import dev.pedigree.http.answers.ColumnProfileView;
import dev.pedigree.profiles.ProfileDiff;
import java.util.List;

/** The column-by-column answer of two profiled versions of one dataset. */
final class DatasetDiffs {

    private DatasetDiffs() {
    }

    static Answers.DatasetDiff of(String dataset, DatasetVersion older, DatasetVersion newer, double threshold) {
        List<Answers.ColumnDiffView> columns = ProfileDiff.of(older.getColumns(), newer.getColumns()).stream()
                .map(d -> new Answers.ColumnDiffView(d.name(), d.status().name(),
                        d.from() == null ? null : ColumnProfileView.of(d.from()),
                        d.to() == null ? null : ColumnProfileView.of(d.to()), d.psi(), d.nullFractionChange(),
                        d.drifted(threshold), d.statistic())).toList();
        return new Answers.DatasetDiff(dataset, older.getContentHash(), newer.getContentHash(), threshold, columns,
                columns.stream().filter(Answers.ColumnDiffView::drifted).map(Answers.ColumnDiffView::name).toList());
    }
}
