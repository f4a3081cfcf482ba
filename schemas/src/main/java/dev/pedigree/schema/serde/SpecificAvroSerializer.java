package dev.pedigree.schema.serde;

import dev.pedigree.schema.EventLimits;
import dev.pedigree.schema.EventValidator;
import dev.pedigree.schema.InvalidEventException;
import dev.pedigree.schema.registry.SchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryClients;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the Confluent wire format, registering (or looking up) the schema under the
 * subject {@code <topic>-value} or {@code <topic>-key}. Lineage events are validated first, so an invalid event
 * never reaches a topic.
 *
 * <p>Thread-safe; after the first record of each schema the registry is not called again.
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final EventLimits limits;
    private SchemaRegistryClient registry;
    private boolean autoRegister = true;
    private boolean isKey;

    /** For Kafka's reflective creation; {@link #configure} must follow. */
    public SpecificAvroSerializer() {
        this.limits = EventLimits.DEFAULT;
    }

    /** A serializer that uses {@code registry}, which the caller owns. */
    public SpecificAvroSerializer(SchemaRegistryClient registry) {
        this(registry, EventLimits.DEFAULT);
    }

    /** A serializer that uses {@code registry}, which the caller owns, and refuses events over {@code limits}. */
    public SpecificAvroSerializer(SchemaRegistryClient registry, EventLimits limits) {
        this.registry = registry;
        this.limits = limits;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        SchemaRegistryConfig config = new SchemaRegistryConfig(configs);
        this.autoRegister = config.autoRegisterSchemas();
        if (registry == null) {
            registry = SchemaRegistryClients.create(config);
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroSerializer used before configure()");
        }
        try {
            EventValidator.validate(data, limits);
        } catch (InvalidEventException e) {
            throw new SerializationException("topic " + topic + ": refusing to write an invalid "
                    + data.getSchema().getName() + ": " + e.getMessage(), e);
        }
        Schema schema = data.getSchema();
        int schemaId = schemaId(topic, schema);
        try {
            byte[] header = new byte[ConfluentWireFormat.HEADER_BYTES];
            ConfluentWireFormat.writeHeader(ByteBuffer.wrap(header), schemaId);
            return AvroEncoding.encode(header, writers.computeIfAbsent(schema, SpecificDatumWriter::new), data);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("topic " + topic + ", schema id " + schemaId + ": cannot encode "
                    + schema.getName() + ": " + e.getMessage(), e);
        }
    }

    private int schemaId(String topic, Schema schema) {
        String subject = Subjects.of(topic, isKey);
        try {
            return autoRegister ? registry.register(subject, schema) : registry.lookupId(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("topic " + topic + ": cannot " + (autoRegister ? "register" : "look up")
                    + " schema " + schema.getFullName() + " under subject " + subject + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // The registry client may be shared with other serdes; its owner closes it.
    }
}
