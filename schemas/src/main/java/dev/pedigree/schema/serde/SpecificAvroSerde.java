package dev.pedigree.schema.serde;

import dev.pedigree.schema.EventLimits;
import dev.pedigree.schema.registry.SchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryClients;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} for one Avro specific record type in the Confluent wire format. Either give it a registry
 * client, or configure it with {@code schema.registry.url} (and the other {@link SchemaRegistryConfig} keys).
 */
public final class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final Class<T> type;
    private final EventLimits limits;
    private SchemaRegistryClient registry;
    private SpecificAvroSerializer<T> serializer;
    private SpecificAvroDeserializer<T> deserializer;

    /** A serde to be configured with the registry settings before use. */
    public SpecificAvroSerde(Class<T> type) {
        this.type = type;
        this.limits = EventLimits.DEFAULT;
    }

    /** A ready serde that uses {@code registry}, which the caller owns. */
    public SpecificAvroSerde(Class<T> type, SchemaRegistryClient registry) {
        this(type, registry, EventLimits.DEFAULT);
    }

    /** A ready serde that uses {@code registry}, which the caller owns, and refuses events over {@code limits}. */
    public SpecificAvroSerde(Class<T> type, SchemaRegistryClient registry, EventLimits limits) {
        this.type = type;
        this.limits = limits;
        this.registry = registry;
        this.serializer = new SpecificAvroSerializer<>(registry, limits);
        this.deserializer = new SpecificAvroDeserializer<>(type, registry, limits);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = SchemaRegistryClients.create(new SchemaRegistryConfig(configs));
        }
        serializer = new SpecificAvroSerializer<>(registry, limits);
        deserializer = new SpecificAvroDeserializer<>(type, registry, limits);
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        requireConfigured();
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        requireConfigured();
        return deserializer;
    }

    private void requireConfigured() {
        if (serializer == null) {
            throw new IllegalStateException("SpecificAvroSerde<" + type.getSimpleName()
                    + "> needs configure() or a registry client before use");
        }
    }
}
