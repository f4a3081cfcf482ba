package dev.pedigree.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.Prediction;
import dev.pedigree.schema.SampleEvents;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class AvroEncodingTest {

    private final SpecificDatumWriter<Prediction> writer = new SpecificDatumWriter<>(Prediction.class);

    @Test
    void theBytesAreTheHeaderThenAvrosOwnEncoding() throws Exception {
        Prediction prediction = SampleEvents.prediction();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(new byte[] {9, 8});
        BinaryEncoder direct = EncoderFactory.get().directBinaryEncoder(expected, null);
        writer.write(prediction, direct);
        direct.flush();

        assertThat(AvroEncoding.encode(new byte[] {9, 8}, writer, prediction)).isEqualTo(expected.toByteArray());
    }

    @Test
    void threadsEncodingAtOnceEachGetTheirOwnRecordBack() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    SpecificDatumReader<Prediction> reader = new SpecificDatumReader<>(Prediction.class);
                    for (int i = 0; i < 2_000; i++) {
                        Prediction prediction = Prediction.newBuilder(SampleEvents.prediction())
                                .setPredictionId("p-" + thread + "-" + i).build();
                        byte[] bytes = AvroEncoding.encode(new byte[] {1}, writer, prediction);
                        Prediction read = reader.read(null, DecoderFactory.get().binaryDecoder(
                                Arrays.copyOfRange(bytes, 1, bytes.length), null));
                        if (!read.equals(prediction)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
