package dev.pedigree.schema.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;

/**
 * Avro binary encoding into bytes after a header, with each thread's encoder reused. A buffered encoder writes its
 * output in chunks; a direct one calls the (synchronized) {@link ByteArrayOutputStream} once per field, and the
 * graph ingest profile found that in the serializer of every record the topology writes. Serializers are called
 * from many threads at once (stream threads, the global thread, HTTP ingestion), hence one encoder per thread.
 */
public final class AvroEncoding {

    private static final ThreadLocal<BinaryEncoder> ENCODERS = new ThreadLocal<>();

    private AvroEncoding() {
    }

    /** {@code header}, then {@code value} written by {@code writer}. */
    public static <T> byte[] encode(byte[] header, DatumWriter<T> writer, T value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(header);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, ENCODERS.get());
        ENCODERS.set(encoder);
        writer.write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
