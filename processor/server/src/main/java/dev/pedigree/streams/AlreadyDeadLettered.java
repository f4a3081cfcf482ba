package dev.pedigree.streams;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log application's answer to an input record it cannot read: the provenance application reads the same
 * record and sends it to the dead-letter topic, so here it is logged and skipped, not dead-lettered twice. An
 * unreadable record was never accepted, so it is no leaf of the log.
 */
public final class AlreadyDeadLettered implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(AlreadyDeadLettered.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        log.warn("Audit log: skipping unreadable record {}-{}@{} (the provenance application dead-letters it): {}",
                record.topic(), record.partition(), record.offset(), exception.toString());
        return Response.resume();
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
