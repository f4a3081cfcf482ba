package dev.pedigree.schema.topic;

import dev.pedigree.events.DatasetId;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;

/**
 * The Kafka key of each event, as DESIGN's topic table says. Keys are plain UTF-8 strings so any client can
 * read them; events with the same key land on the same partition, in order.
 */
public final class EventKeys {

    private EventKeys() {
    }

    /** {@code namespace/name}. */
    public static String of(DatasetId dataset) {
        return dataset.getNamespace() + "/" + dataset.getName();
    }

    public static String of(DatasetVersion event) {
        return of(event.getDataset());
    }

    /** The run id. */
    public static String of(RunEvent event) {
        return event.getRunId();
    }

    /** {@code name/version}. */
    public static String of(ModelVersion event) {
        return event.getName() + "/" + event.getVersion();
    }

    /** The prediction id. */
    public static String of(Prediction event) {
        return event.getPredictionId();
    }

    /** The alerted dataset's {@code namespace/name}. */
    public static String of(LineageAlert alert) {
        return of(alert.getDataset());
    }
}
