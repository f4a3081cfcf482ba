package dev.pedigree.schema.topic;

import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The four native event kinds and where each goes: its topic, its key and its name in the HTTP routes
 * ({@code /v1/events/{kind}}). The one place that maps an event to its topic and key; the emitter, the HTTP
 * ingestion, the CLI, the topology and the bench all go through it.
 */
public enum EventKind {

    DATASETS("datasets", TopicNames.DATASETS, DatasetVersion.class, event -> EventKeys.of((DatasetVersion) event)),
    RUNS("runs", TopicNames.RUNS, RunEvent.class, event -> EventKeys.of((RunEvent) event)),
    MODELS("models", TopicNames.MODELS, ModelVersion.class, event -> EventKeys.of((ModelVersion) event)),
    PREDICTIONS("predictions", TopicNames.PREDICTIONS, Prediction.class,
            event -> EventKeys.of((Prediction) event));

    private final String routeName;
    private final String topic;
    private final Class<? extends SpecificRecord> type;
    private final Function<SpecificRecord, String> key;

    EventKind(String routeName, String topic, Class<? extends SpecificRecord> type,
            Function<SpecificRecord, String> key) {
        this.routeName = routeName;
        this.topic = topic;
        this.type = type;
        this.key = key;
    }

    /** The kind of {@code event}; an {@link IllegalArgumentException} for a record that is no native event. */
    public static EventKind of(SpecificRecord event) {
        for (EventKind kind : values()) {
            if (kind.type.isInstance(event)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("not a native Pedigree event: " + event.getSchema().getFullName());
    }

    /** The kind named {@code routeName} in {@code /v1/events/{kind}} ({@code datasets}, {@code runs}…). */
    public static Optional<EventKind> named(String routeName) {
        return Arrays.stream(values()).filter(kind -> kind.routeName.equals(routeName)).findFirst();
    }

    /** Its name in the HTTP routes. */
    public String routeName() {
        return routeName;
    }

    public String topic() {
        return topic;
    }

    /** The Avro class of its events. */
    public Class<? extends SpecificRecord> type() {
        return type;
    }

    /** The Kafka key of {@code event}, which must be of this kind. */
    public String key(SpecificRecord event) {
        return key.apply(type.cast(event));
    }

    /** {@code event} as a record for its topic, with its key. */
    public static ProducerRecord<String, SpecificRecord> record(SpecificRecord event) {
        EventKind kind = of(event);
        return new ProducerRecord<>(kind.topic, kind.key(event), event);
    }
}
