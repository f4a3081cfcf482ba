package dev.pedigree.report;

import dev.pedigree.events.LineageAlert;
import dev.pedigree.http.answers.ColumnProfileView;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link DecisionReport} as a print-friendly HTML page, worded for someone who is not an engineer: what was
 * decided, by which model, trained how, on which data (with its fingerprint), what went wrong along the way, and
 * when each fact was recorded. The page is the jte template {@code src/main/jte/report/decision.jte}, compiled
 * with the build; jte escapes every value from the lineage for its place in the HTML. The static methods here
 * are the wording the template uses.
 */
public final class ReportPage {

    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ReportPage() {
    }

    public static String html(DecisionReport report) {
        StringOutput page = new StringOutput(8_192);
        TEMPLATES.render("report/decision.jte", report, page);
        return page.toString();
    }

    /** Where a step's code is, in words. */
    public static String code(DecisionReport.Step step) {
        if (step.commit() == null) {
            return "not recorded";
        }
        return "version " + step.commit() + " of " + step.repository() + (step.path() == null ? "" : ", " + step.path());
    }

    /** An alert in one plain sentence. */
    public static String describe(LineageAlert alert) {
        String dataset = alert.getDataset().getNamespace() + "/" + alert.getDataset().getName();
        return switch (alert.getType()) {
            case HASH_CHANGED_IN_PLACE -> "The data " + dataset + " was changed after it had been published.";
            case UNDECLARED_CHANGE -> "The data " + dataset + " changed without any recorded step explaining it.";
            case INPUT_HASH_MISMATCH -> "A step read a version of " + dataset + " that was never recorded.";
            case SCHEMA_CHANGED -> "The structure (columns or their types) of " + dataset + " changed.";
            case DISTRIBUTION_DRIFT -> "The values in some columns of " + dataset + " changed markedly from the "
                    + "version before.";
        };
    }

    /** {@code key = value} pairs by key, separated by semicolons; null when there are none. */
    public static String pairs(Map<String, String> values) {
        return values.isEmpty() ? null : values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + " = " + entry.getValue()).collect(Collectors.joining("; "));
    }

    /** A column's values in a few words: range and mean for numbers, the most frequent values otherwise. */
    public static String values(ColumnProfileView column) {
        if (column.mean() != null) {
            return String.format(Locale.ROOT, "%s to %s, mean %s", compact(column.min()), compact(column.max()),
                    compact(column.mean()));
        }
        return column.frequent().stream().limit(3).map(f -> f.value() + " (" + f.count() + ")")
                .collect(Collectors.joining(", "));
    }

    private static String compact(double value) {
        return String.format(Locale.ROOT, Math.abs(value) >= 1e5 || (value != 0 && Math.abs(value) < 1e-3) ? "%.3g"
                : "%.4g", value);
    }

    /** An audit proof's outcome in words. */
    public static String proofStatus(DecisionReport.Proof proof) {
        return switch (proof.status()) {
            case "VERIFIED" -> "✓ verified";
            case "NOT_YET_CHECKPOINTED" -> "recorded; not yet in a signed checkpoint (retry in a few seconds)";
            case "NOT_IN_LOG" -> "not in the audit log (" + proof.reason() + ")";
            default -> "✗ does NOT verify: " + proof.reason();
        };
    }

    public static String time(Instant instant) {
        return TIME.format(instant);
    }
}
