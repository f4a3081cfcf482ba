package dev.pedigree.schema.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent Schema Registry wire format: magic byte 0, the writer schema's id as a 4-byte big-endian int,
 * then the Avro binary encoding. Any Confluent-compatible client reads and writes it.
 */
public final class ConfluentWireFormat {

    /** The first byte of every framed record. */
    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus schema id. */
    public static final int HEADER_BYTES = 1 + Integer.BYTES;

    private ConfluentWireFormat() {
    }

    /** Writes the header for schema {@code schemaId} into the first {@link #HEADER_BYTES} of {@code buffer}. */
    public static void writeHeader(ByteBuffer buffer, int schemaId) {
        buffer.put(MAGIC_BYTE).putInt(schemaId);
    }

    /**
     * Reads the schema id from a framed record.
     *
     * @throws SerializationException when the record is too short or does not start with the magic byte
     */
    public static int schemaId(String topic, byte[] data) {
        if (data.length < HEADER_BYTES) {
            throw new SerializationException("topic " + topic + ": record of " + data.length
                    + " bytes is shorter than the " + HEADER_BYTES + "-byte Confluent wire-format header");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "topic %s: unknown magic byte 0x%02x (expected 0x00): not in the Confluent wire format",
                    topic, data[0]));
        }
        return ByteBuffer.wrap(data, 1, Integer.BYTES).getInt();
    }
}
