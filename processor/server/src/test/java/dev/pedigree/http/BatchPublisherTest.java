package dev.pedigree.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class BatchPublisherTest {

    private static ProducerRecord<String, byte[]> record(String id) {
        return new ProducerRecord<>("pedigree.datasets", "w/d", id.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sendsWithoutWaitingThenSaysWhichWereAcknowledgedAndStopsSendingOnceTheBrokerFailed() {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        BatchPublisher publisher = new BatchPublisher(producer);
        Future<RecordMetadata> first = publisher.send(record("e1"));
        Future<RecordMetadata> second = publisher.send(record("e2"));
        assertThat(producer.history()).as("both sent before any acknowledgement").hasSize(2);
        producer.completeNext();
        producer.errorNext(new TimeoutException("Expiring 1 record(s): broker down"));

        assertThat(publisher.await(first)).isNotNull();
        assertThat(publisher.brokerProblem()).isNull();
        assertThat(publisher.await(second)).isNull();
        assertThat(publisher.brokerProblem()).contains("not acknowledged by the broker").contains("broker down");
        assertThat(publisher.send(record("e3"))).as("not sent after the broker failed").isNull();
        assertThat(producer.history()).hasSize(2);
    }
}
