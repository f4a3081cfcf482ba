package dev.pedigree.report;

import dev.pedigree.events.LineageAlert;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.text.StringEscapeUtils;

/**
 * A {@link DecisionReport} as a print-friendly HTML page, worded for someone who is not an engineer: what was
 * decided, by which model, trained how, on which data (with its fingerprint), what went wrong along the way, and
 * when each fact was recorded. Every value from the lineage is HTML-escaped.
 */
public final class ReportPage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ReportPage() {
    }

    public static String html(DecisionReport report) {
        StringBuilder page = new StringBuilder(8_192);
        String id = report.prediction().getPredictionId();
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Provenance of decision ")
                .append(e(id)).append("</title><style>").append(STYLE).append("</style></head><body>\n");
        page.append("<h1>Provenance of decision <code>").append(e(id)).append("</code></h1>\n");
        page.append("<p class=\"lead\">This report lists everything Pedigree recorded about how this decision was "
                + "made: the model that made it, how that model was trained, and every set of data behind it. Each "
                + "data set is identified by its SHA-256 fingerprint: a fingerprint of its exact content, which would "
                + "be different had a single byte been different.</p>\n");

        page.append("<h2>1. The decision</h2>\n<table>");
        row(page, "Decision", id);
        row(page, "Made at", time(report.prediction().getEventTime()));
        row(page, "Made by the model", report.prediction().getModel().getName() + ", version "
                + report.prediction().getModel().getVersion());
        report.prediction().getAttributes().forEach((key, value) -> row(page, key, value));
        row(page, "Fingerprint of the request", report.prediction().getInputHash());
        page.append("</table>\n");

        page.append("<h2>2. The model</h2>\n");
        DecisionReport.Model model = report.model();
        if (model == null) {
            page.append("<p>Pedigree has not (yet) received the description of this model version.</p>\n");
        } else {
            page.append("<table>");
            row(page, "Model", model.name() + ", version " + model.version());
            row(page, "Stage", model.stage());
            model.metrics().forEach((name, value) -> row(page, "Measured " + name,
                    String.format(Locale.ROOT, "%.4f", value)));
            row(page, "Settings (hyperparameters)", pairs(model.hyperparameters()));
            row(page, "Fingerprint of the model file", model.artifactHash());
            row(page, "Recorded by Pedigree", time(model.recordedAt()));
            page.append("</table>\n");
        }

        page.append("<h2>3. How the model was trained</h2>\n");
        if (report.training().isEmpty()) {
            page.append("<p>No training run was recorded for this model version.</p>\n");
        }
        for (DecisionReport.Step step : report.training()) {
            page.append("<table>");
            stepRows(page, step);
            page.append("</table>\n");
        }

        page.append("<h2>4. The data behind the decision</h2>\n<p>").append(report.data().size())
                .append(" data set versions, from the closest to the decision to the original sources.")
                .append(report.truncated() ? " <strong>The list was cut short by a size limit.</strong>" : "")
                .append("</p>\n");
        int n = 1;
        for (DecisionReport.Data data : report.data()) {
            page.append("<div class=\"data\"><h3>4.").append(n++).append(' ').append(e(data.namespace() + "/"
                    + data.name())).append(data.readWhenServing() ? " <span class=\"tag\">read when deciding</span>" : "")
                    .append("</h3><table>");
            row(page, "SHA-256 fingerprint", data.contentHash());
            row(page, "Labels", String.join(", ", data.labels()));
            row(page, "Rows", data.rowCount() == null ? null : String.format(Locale.ROOT, "%,d", data.rowCount()));
            row(page, "Structure fingerprint", data.schemaFingerprint());
            if (data.quality() != null) {
                row(page, "Quality checks", data.quality().get("suite") + ": "
                        + (Boolean.TRUE.equals(data.quality().get("success")) ? "passed" : "FAILED") + " "
                        + data.quality().get("statistics"));
            }
            if (data.producedBy().isEmpty()) {
                row(page, "Where it came from", "an original source: no recorded step produced it");
            }
            for (DecisionReport.Step step : data.producedBy()) {
                row(page, "Produced by the step", step.job() + " (run " + step.runId() + ")");
                row(page, "Code of that step", code(step));
                row(page, "Settings of that step", pairs(step.parameters()));
            }
            row(page, "Recorded by Pedigree", time(data.recordedAt()));
            page.append("</table></div>\n");
        }

        page.append("<h2>5. Warnings about this data</h2>\n");
        if (report.alerts().isEmpty()) {
            page.append("<p>Pedigree raised no alert about the data or steps behind this decision.</p>\n");
        } else {
            page.append("<ul class=\"alerts\">");
            for (LineageAlert alert : report.alerts()) {
                page.append("<li class=\"").append(e(alert.getSeverity().name())).append("\"><strong>")
                        .append(e(describe(alert))).append("</strong> ").append(e(alert.getMessage()))
                        .append(" <em>(detected ").append(e(time(alert.getDetectedAt()))).append(")</em></li>");
            }
            page.append("</ul>\n");
        }
        page.append("<p class=\"footer\">Generated by Pedigree at ").append(e(time(Instant.now())))
                .append(" from its lineage record. The same report as data: request this address with "
                        + "<code>Accept: application/json</code>.</p>\n</body></html>\n");
        return page.toString();
    }

    private static void stepRows(StringBuilder page, DecisionReport.Step step) {
        row(page, "Step", step.job() + " (run " + step.runId() + ")");
        row(page, "Code", code(step));
        row(page, "Settings", pairs(step.parameters()));
        row(page, "Started", step.startedAt() == null ? null : time(step.startedAt()));
        row(page, "Finished", step.endedAt() == null ? null : time(step.endedAt()));
        row(page, "Recorded by Pedigree", time(step.recordedAt()));
    }

    private static String code(DecisionReport.Step step) {
        if (step.commit() == null) {
            return "not recorded";
        }
        return "version " + step.commit() + " of " + step.repository() + (step.path() == null ? "" : ", " + step.path());
    }

    private static String describe(LineageAlert alert) {
        String dataset = alert.getDataset().getNamespace() + "/" + alert.getDataset().getName();
        return switch (alert.getType()) {
            case HASH_CHANGED_IN_PLACE -> "The data " + dataset + " was changed after it had been published.";
            case UNDECLARED_CHANGE -> "The data " + dataset + " changed without any recorded step explaining it.";
            case INPUT_HASH_MISMATCH -> "A step read a version of " + dataset + " that was never recorded.";
            case SCHEMA_CHANGED -> "The structure (columns or their types) of " + dataset + " changed.";
        };
    }

    private static String pairs(Map<String, String> values) {
        return values.isEmpty() ? null : values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + " = " + entry.getValue()).collect(Collectors.joining("; "));
    }

    private static void row(StringBuilder page, String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        page.append("<tr><th>").append(e(name)).append("</th><td>").append(e(value)).append("</td></tr>");
    }

    private static String time(Instant instant) {
        return TIME.format(instant);
    }

    private static String e(String text) {
        return StringEscapeUtils.escapeHtml4(text);
    }

    private static final String STYLE = String.join("\n", List.of(
            "body{font-family:Georgia,serif;max-width:52em;margin:2em auto;color:#111;line-height:1.4}",
            "h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:1.6em}h3{font-size:1em}",
            "table{border-collapse:collapse;width:100%;margin:.4em 0}",
            "th{text-align:left;width:14em;vertical-align:top;font-weight:normal;color:#444;padding:.15em .5em .15em 0}",
            "td{font-family:monospace;word-break:break-all;padding:.15em 0}",
            ".lead{color:#333}.tag{font-size:.8em;background:#eee;padding:0 .4em}",
            ".alerts li.CRITICAL{color:#a00}.alerts li.WARNING{color:#8a5a00}.footer{margin-top:2em;color:#666;font-size:.85em}",
            ".data{page-break-inside:avoid}@media print{body{margin:0}a{color:#000}}"));
}
