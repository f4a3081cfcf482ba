package dev.pedigree.demo;

import dev.pedigree.connectors.emitter.LineageEmitter;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/** Keeps what a pipeline emitted, in order, for assertions, and hands each event on to a sink. */
public final class RecordingEmitter implements LineageEmitter {

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
    public void datasetVersion(DatasetVersion event) {
        record(event);
    }

    @Override
    public void runStarted(RunEvent event) {
        record(event);
    }

    @Override
    public void runCompleted(RunEvent event) {
        record(event);
    }

    @Override
    public void modelVersion(ModelVersion event) {
        record(event);
    }

    @Override
    public void prediction(Prediction event) {
        record(event);
    }

    private void record(SpecificRecord event) {
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
