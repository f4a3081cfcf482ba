package dev.pedigree.schema.serde;

import dev.pedigree.schema.EventLimits;
import dev.pedigree.schema.EventValidator;
import dev.pedigree.schema.InvalidEventException;
import dev.pedigree.schema.registry.SchemaRegistryClient;
import dev.pedigree.schema.registry.SchemaRegistryClients;
import dev.pedigree.schema.registry.SchemaRegistryConfig;
import dev.pedigree.schema.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format records into Avro specific records of one type, resolving the writer's schema
 * (fetched by id, then cached) to the reader's, so records written with older or newer compatible schemas read.
 *
 * <p>Whatever is wrong with the bytes — wrong magic byte, truncated, unknown schema id, a writer schema that does
 * not resolve to the reader's, trailing bytes, an event that breaks the contract — is a
 * {@link SerializationException} naming the topic, the schema id and the reason. Kafka Streams routes it to the
 * dead-letter topic. Thread-safe.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    /** With the no-argument constructor: the specific class to read values into. */
    public static final String VALUE_TYPE_CONFIG = "specific.avro.value.type";
    /** With the no-argument constructor: the specific class to read keys into. */
    public static final String KEY_TYPE_CONFIG = "specific.avro.key.type";

    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private final EventLimits limits;
    private SchemaRegistryClient registry;
    private Class<T> type;
    private Schema readerSchema;

    /** For Kafka's reflective creation; {@link #configure} names the type with {@value #VALUE_TYPE_CONFIG}. */
    public SpecificAvroDeserializer() {
        this.limits = EventLimits.DEFAULT;
    }

    /** A deserializer into {@code type} that uses {@code registry}, which the caller owns. */
    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
        this(type, registry, EventLimits.DEFAULT);
    }

    /** A deserializer as {@link #SpecificAvroDeserializer(Class, SchemaRegistryClient)} refusing events over limits. */
    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient registry, EventLimits limits) {
        this.registry = registry;
        this.limits = limits;
        setType(type);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (type == null) {
            Object configured = configs.get(isKey ? KEY_TYPE_CONFIG : VALUE_TYPE_CONFIG);
            if (configured == null) {
                throw new IllegalArgumentException("SpecificAvroDeserializer needs "
                        + (isKey ? KEY_TYPE_CONFIG : VALUE_TYPE_CONFIG) + " to name the record class to read into");
            }
            setType(loadType(configured));
        }
        if (registry == null) {
            registry = SchemaRegistryClients.create(new SchemaRegistryConfig(configs));
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroDeserializer used before configure()");
        }
        int schemaId = ConfluentWireFormat.schemaId(topic, data);
        DatumReader<T> reader = readers.computeIfAbsent(schemaId, id -> newReader(topic, id));
        T record;
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
                    data, ConfluentWireFormat.HEADER_BYTES, data.length - ConfluentWireFormat.HEADER_BYTES, null);
            record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("topic " + topic + ", schema id " + schemaId
                        + ": bytes left over after the " + type.getSimpleName() + " record");
            }
        } catch (SerializationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("topic " + topic + ", schema id " + schemaId + ": cannot decode "
                    + data.length + " bytes as " + type.getSimpleName() + ": " + describe(e), e);
        }
        try {
            return EventValidator.validate(record, limits);
        } catch (InvalidEventException e) {
            throw new SerializationException("topic " + topic + ", schema id " + schemaId + ": invalid "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private DatumReader<T> newReader(String topic, int schemaId) {
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(schemaId);
        } catch (SchemaRegistryException e) {
            String reason = e.isNotFound() ? "unknown schema id" : "cannot fetch the schema";
            throw new SerializationException("topic " + topic + ", schema id " + schemaId + ": " + reason + ": "
                    + e.getMessage(), e);
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException("topic " + topic + ", schema id " + schemaId + ": writer schema "
                    + writerSchema.getFullName() + " does not resolve to " + readerSchema.getFullName() + ": "
                    + compatibility.getResult().getIncompatibilities());
        }
        return new SpecificDatumReader<>(writerSchema, readerSchema, SpecificData.getForClass(type));
    }

    @SuppressWarnings("unchecked")
    private void setType(Class<?> configured) {
        if (!SpecificRecord.class.isAssignableFrom(configured)) {
            throw new IllegalArgumentException(configured.getName() + " is not an Avro SpecificRecord");
        }
        this.type = (Class<T>) configured;
        this.readerSchema = SpecificData.getForClass(type).getSchema(type);
    }

    private static Class<?> loadType(Object configured) {
        if (configured instanceof Class<?> c) {
            return c;
        }
        try {
            return Class.forName(configured.toString());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no record class " + configured, e);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        // The registry client may be shared with other serdes; its owner closes it.
    }
}
