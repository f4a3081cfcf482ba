package dev.pedigree.connectors.emitter;

import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;

/**
 * How a pipeline or a serving path tells Pedigree what it did. Implementations never block the caller for long:
 * events are buffered and sent asynchronously; {@link #flush()} and {@link #close()} deliver what is buffered.
 * Events are validated first: an invalid event is an {@code IllegalArgumentException} at the call site.
 *
 * <p>Build events with the generated builders ({@code DatasetVersion.newBuilder()}…); {@link #noop()} is the
 * default when Pedigree is not configured.
 */
public interface LineageEmitter extends AutoCloseable {

    void datasetVersion(DatasetVersion event);

    /** A run's START (or RUNNING) event, usually with its inputs, code and parameters. */
    void runStarted(RunEvent event);

    /** A run's COMPLETE, FAIL or ABORT event, usually with its outputs. */
    void runCompleted(RunEvent event);

    void modelVersion(ModelVersion event);

    void prediction(Prediction event);

    /** Sends everything buffered and waits for it. */
    void flush();

    /** Events that could not be delivered (buffer full, broker unreachable, refused). */
    long failed();

    @Override
    void close();

    /** An emitter that drops everything; it says once, at INFO, how to turn Pedigree on. */
    static LineageEmitter noop() {
        return NoopLineageEmitter.INSTANCE;
    }
}
