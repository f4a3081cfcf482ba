package dev.pedigree.demo;

import dev.pedigree.connectors.emitter.ValidatingEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * Keeps what a pipeline emitted, in order, for assertions, and hands each event on to a sink; an invalid event fails
 * as it would with the Kafka or HTTP emitter.
 */
public final class RecordingEmitter extends ValidatingEmitter {

    final List<SpecificRecord> events = new ArrayList<>();
    private final Consumer<SpecificRecord> sink;

    RecordingEmitter() {
        this(event -> { });
    }

    /** @param sink what else receives each event, e.g. a topology under test */
    public RecordingEmitter(Consumer<SpecificRecord> sink) {
        this.sink = sink;
    }

    public <T> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    protected void send(SpecificRecord event) {
        events.add(event);
        sink.accept(event);
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
