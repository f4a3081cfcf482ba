package dev.pedigree.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.Prediction;
import dev.pedigree.graph.store.Edge;
import dev.pedigree.graph.store.EdgeKind;
import dev.pedigree.graph.store.GraphEntry;
import dev.pedigree.streams.Pipelines;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Stores and internal topics written before column lineage (format 1) are read after it. */
class InternalSerdeTest {

    /** The bytes the previous release wrote: format byte 1, then the value in the schema of that time. */
    private static <T extends SpecificRecord> byte[] asFormat1(T value) throws Exception {
        Schema before;
        try (InputStream kept = InternalSerde.class.getResourceAsStream("/internal-schemas/v1/"
                + value.getClass().getName() + ".avsc")) {
            before = new Schema.Parser().parse(kept);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<T>(before).write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void readsWhatThePreviousLayoutWroteWithTheNewFieldsAtTheirDefaults() throws Exception {
        Prediction prediction = Pipelines.prediction("p-1", "churn", "1", Pipelines.at(1),
                Pipelines.ref("warehouse", "users", Pipelines.hash("users")));
        InternalSerde<Prediction> predictions = InternalSerde.of(Prediction.class);
        assertThat(predictions.fromBytes(asFormat1(prediction))).isEqualTo(prediction);

        GraphEntry edge = new GraphEntry(null, new Edge("a", "b", EdgeKind.READ_BY, 5L, null, null));
        InternalSerde<GraphEntry> entries = InternalSerde.of(GraphEntry.class);
        assertThat(entries.fromBytes(asFormat1(edge))).isEqualTo(edge);
    }

    @Test
    void writesTheCurrentLayoutAndReadsItBack() {
        GraphEntry derived = new GraphEntry(null, new Edge("datasetField:w:c:x", "datasetField:f:u:x",
                EdgeKind.DERIVED, 5L, "build-features", "IDENTITY"));
        InternalSerde<GraphEntry> entries = InternalSerde.of(GraphEntry.class);
        byte[] bytes = entries.toBytes(derived);
        assertThat(bytes[0]).isEqualTo((byte) 2);
        assertThat(entries.fromBytes(bytes)).isEqualTo(derived);
    }
}
