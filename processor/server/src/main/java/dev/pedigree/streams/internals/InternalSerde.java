package dev.pedigree.streams.internals;

import dev.pedigree.schema.serde.AvroEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary for Pedigree's internal topics and stores, which only Pedigree reads: no registry call, one
 * format byte in front so the layout can change without ambiguity. Values are written in the current layout
 * ({@value #FORMAT_V2}); values written before it ({@value #FORMAT_V1}: 0.1, and 0.2 before column lineage) are
 * read with the schema they were written with, kept in {@code /internal-schemas/v1/<class>.avsc}, and resolved into
 * the current one (new fields take their defaults), so stores and internal topics survive the upgrade.
 */
public final class InternalSerde<T extends SpecificRecord> implements Serde<T> {

    private static final byte FORMAT_V1 = 1;
    private static final byte FORMAT_V2 = 2;
    private static final byte[] HEADER_V2 = {FORMAT_V2};

    private final Class<T> type;
    private final Schema schema;
    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;
    private final SpecificDatumReader<T> readerOfV1;

    public InternalSerde(Class<T> type) {
        this.type = type;
        SpecificData data = SpecificData.getForClass(type);
        this.schema = data.getSchema(type);
        this.writer = new SpecificDatumWriter<>(schema, data);
        this.reader = new SpecificDatumReader<>(schema, schema, data);
        this.readerOfV1 = new SpecificDatumReader<>(schemaOfV1(type, schema), schema, data);
    }

    /** The layout {@code type} had in format 1: the kept schema, or the current one when it has not changed. */
    private static Schema schemaOfV1(Class<?> type, Schema current) {
        try (InputStream kept = InternalSerde.class.getResourceAsStream("/internal-schemas/v1/" + type.getName()
                + ".avsc")) {
            return kept == null ? current : new Schema.Parser().parse(kept);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the format-1 schema of " + type.getName(), e);
        }
    }

    public static <T extends SpecificRecord> InternalSerde<T> of(Class<T> type) {
        return new InternalSerde<>(type);
    }

    public byte[] toBytes(T value) {
        if (value == null) {
            return null;
        }
        try {
            return AvroEncoding.encode(HEADER_V2, writer, value);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode internal " + type.getSimpleName() + ": " + e, e);
        }
    }

    public T fromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 0 || (bytes[0] != FORMAT_V1 && bytes[0] != FORMAT_V2)) {
            throw new SerializationException("internal " + type.getSimpleName() + ": unknown format byte");
        }
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 1, bytes.length - 1, null);
            return (bytes[0] == FORMAT_V2 ? reader : readerOfV1).read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode internal " + type.getSimpleName() + ": " + e, e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> toBytes(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> fromBytes(bytes);
    }
}
