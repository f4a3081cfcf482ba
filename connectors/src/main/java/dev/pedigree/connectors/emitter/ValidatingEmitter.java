package dev.pedigree.connectors.emitter;

import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.schema.EventValidator;
import dev.pedigree.schema.InvalidEventException;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the emitters share: every kind of event goes to one {@link #send} once it is valid; an invalid event is an
 * {@link IllegalArgumentException} at the call site, naming the event type and the field.
 */
public abstract class ValidatingEmitter implements LineageEmitter {

    @Override
    public void datasetVersion(DatasetVersion event) {
        validateAndSend(event);
    }

    @Override
    public void runStarted(RunEvent event) {
        validateAndSend(event);
    }

    @Override
    public void runCompleted(RunEvent event) {
        validateAndSend(event);
    }

    @Override
    public void modelVersion(ModelVersion event) {
        validateAndSend(event);
    }

    @Override
    public void prediction(Prediction event) {
        validateAndSend(event);
    }

    private void validateAndSend(SpecificRecord event) {
        try {
            EventValidator.validate(event);
        } catch (InvalidEventException e) {
            throw new IllegalArgumentException("invalid " + event.getSchema().getName() + ": " + e.getMessage(), e);
        }
        send(event);
    }

    /** Takes a valid event on its way; never waits long. */
    protected abstract void send(SpecificRecord event);
}
