package dev.pedigree.demo;

import dev.pedigree.connectors.emitter.LineageEmitter;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Keeps what a pipeline emitted, in order, for assertions. */
final class RecordingEmitter implements LineageEmitter {

    final List<SpecificRecord> events = new ArrayList<>();

    <T> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void datasetVersion(DatasetVersion event) {
        events.add(event);
    }

    @Override
    public void runStarted(RunEvent event) {
        events.add(event);
    }

    @Override
    public void runCompleted(RunEvent event) {
        events.add(event);
    }

    @Override
    public void modelVersion(ModelVersion event) {
        events.add(event);
    }

    @Override
    public void prediction(Prediction event) {
        events.add(event);
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
