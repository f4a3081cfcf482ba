package dev.pedigree.connectors.emitter;

import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drops every event; logs once how to enable lineage. */
final class NoopLineageEmitter implements LineageEmitter {

    static final NoopLineageEmitter INSTANCE = new NoopLineageEmitter();
    private static final Logger log = LoggerFactory.getLogger(NoopLineageEmitter.class);
    private final AtomicBoolean told = new AtomicBoolean();

    private void tell() {
        if (told.compareAndSet(false, true)) {
            log.info("Lineage is not recorded: create a KafkaLineageEmitter with bootstrap.servers and "
                    + "schema.registry.url to send it to Pedigree");
        }
    }

    @Override
    public void datasetVersion(DatasetVersion event) {
        tell();
    }

    @Override
    public void runStarted(RunEvent event) {
        tell();
    }

    @Override
    public void runCompleted(RunEvent event) {
        tell();
    }

    @Override
    public void modelVersion(ModelVersion event) {
        tell();
    }

    @Override
    public void prediction(Prediction event) {
        tell();
    }

    @Override
    public void flush() {
    }

    @Override
    public long failed() {
        return 0;
    }

    @Override
    public void close() {
    }
}
