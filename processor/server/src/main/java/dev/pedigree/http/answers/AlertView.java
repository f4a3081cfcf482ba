package dev.pedigree.http.answers;

import dev.pedigree.events.LineageAlert;
import java.time.Instant;
import java.util.List;

/** An alert as {@code GET /v1/alerts}, the dataset route and the webhooks show it. */
public record AlertView(String alertId, String type, String severity, DatasetName dataset, String versionLabel,
        String expectedHash, String observedHash, String runId, List<String> affected, String message,
        Instant detectedAt, List<ColumnChangeView> columns) {

    public static AlertView of(LineageAlert alert) {
        return new AlertView(alert.getAlertId(), alert.getType().name(), alert.getSeverity().name(),
                new DatasetName(alert.getDataset().getNamespace(), alert.getDataset().getName()),
                alert.getVersionLabel(), alert.getExpectedHash(), alert.getObservedHash(), alert.getRunId(),
                alert.getAffected(), alert.getMessage(), alert.getDetectedAt(), alert.getColumns().stream()
                        .map(c -> new ColumnChangeView(c.getName(), c.getStatistic(), c.getPsi(),
                                c.getNullFractionChange(), c.getFromType() == null ? null : c.getFromType().name(),
                                c.getToType() == null ? null : c.getToType().name())).toList());
    }

    /** A column the alert is about and the statistic that moved. */
    public record ColumnChangeView(String name, String statistic, Double psi, double nullFractionChange,
            String fromType, String toType) {
    }

    /** A dataset's namespace and name. */
    public record DatasetName(String namespace, String name) {
    }
}
