package dev.pedigree.http;

import dev.pedigree.schema.topic.EventKind;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Native events as the HTTP API's producer sends them: the event's topic, its contract key ({@link EventKind}), and
 * its value already encoded (Avro in the Confluent wire format, validated by the serializer). Encoding before the
 * send, not in the producer, lets a batch's events be encoded on the translator threads, several at once, and leaves
 * the request's thread only the sends (docs/MEASUREMENTS.md, "HTTP batches encoded on the translator threads").
 *
 * <p>Thread-safe, as the serializer is.
 */
final class EventRecords {

    private final Serializer<SpecificRecord> values;

    EventRecords(Serializer<SpecificRecord> values) {
        this.values = values;
    }

    /**
     * {@code event} as a record of its topic.
     *
     * @throws SerializationException when it cannot be encoded (its schema cannot be registered, or it is invalid)
     */
    ProducerRecord<String, byte[]> of(SpecificRecord event) {
        EventKind kind = EventKind.of(event);
        return new ProducerRecord<>(kind.topic(), kind.key(event), values.serialize(kind.topic(), event));
    }
}
