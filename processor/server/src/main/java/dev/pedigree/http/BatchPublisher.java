package dev.pedigree.http;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes the events of one request without waiting between them, then waits for their acknowledgements
 * together: the producer batches what a request sends, and the answer still comes only once every event is durable
 * (or known not to be). After the first failure to reach the broker, the rest of the request is not sent, so that
 * a broker that is down costs one timeout, not one per event.
 */
final class BatchPublisher {

    /** How long the request waits for the acknowledgements after its last send. */
    private static final long ACK_TIMEOUT_MS = 15_000;

    private final Producer<String, byte[]> producer;
    private String brokerProblem;
    private long lastSend;

    BatchPublisher(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** Sends a valid event's record; null when it was not sent (the broker already failed in this request). */
    Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        if (brokerProblem != null) {
            return null;
        }
        try {
            lastSend = System.nanoTime();
            return producer.send(record);
        } catch (RuntimeException e) {
            failed("cannot publish to " + record.topic() + ": " + e.getMessage());
            return null;
        }
    }

    /** An event of this request cannot be published ({@code problem} says why): nothing after it is sent. */
    void failed(String problem) {
        if (brokerProblem == null) {
            brokerProblem = problem;
        }
    }

    /** The event's place in its topic, or null when it was not published ({@link #brokerProblem} says why). */
    RecordMetadata await(Future<RecordMetadata> sent) {
        if (sent == null) {
            return null;
        }
        long waitMs = ACK_TIMEOUT_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastSend);
        try {
            return sent.get(Math.max(0, waitMs), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            failed("not acknowledged by the broker: " + cause);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            brokerProblem = "interrupted while waiting for the broker";
            return null;
        }
    }

    /** Why events of this request were not published, or null when the broker took every one sent. */
    String brokerProblem() {
        return brokerProblem;
    }
}
