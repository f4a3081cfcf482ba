package dev.pedigree.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pedigree.events.DatasetId;
import dev.pedigree.events.DatasetVersion;
import java.time.Instant;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class BatchPublisherTest {

    private static DatasetVersion version(String id) {
        return DatasetVersion.newBuilder().setEventId(id).setEventTime(Instant.EPOCH).setProducer("p")
                .setDataset(new DatasetId("w", "d")).setContentHash("sha256:" + "a".repeat(64)).build();
    }

    @Test
    void sendsWithoutWaitingThenSaysWhichWereAcknowledgedAndStopsSendingOnceTheBrokerFailed() {
        MockProducer<String, SpecificRecord> producer = new MockProducer<>(false, null, new StringSerializer(),
                (topic, event) -> new byte[0]);
        BatchPublisher publisher = new BatchPublisher(producer);
        Future<RecordMetadata> first = publisher.send(version("e1"));
        Future<RecordMetadata> second = publisher.send(version("e2"));
        assertThat(producer.history()).as("both sent before any acknowledgement").hasSize(2);
        producer.completeNext();
        producer.errorNext(new TimeoutException("Expiring 1 record(s): broker down"));

        assertThat(publisher.await(first)).isNotNull();
        assertThat(publisher.brokerProblem()).isNull();
        assertThat(publisher.await(second)).isNull();
        assertThat(publisher.brokerProblem()).contains("not acknowledged by the broker").contains("broker down");
        assertThat(publisher.send(version("e3"))).as("not sent after the broker failed").isNull();
        assertThat(producer.history()).hasSize(2);
    }
}
