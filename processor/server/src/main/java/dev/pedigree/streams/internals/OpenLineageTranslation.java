package dev.pedigree.streams.internals;

import dev.pedigree.connectors.openlineage.OpenLineageTranslator;
import dev.pedigree.schema.topic.EventKind;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * OpenLineage JSON from the Kafka transport, translated into native events: run events to the child
 * {@value #RUNS}, dataset versions to {@value #DATASETS}, each keyed as its topic is. An event that cannot be
 * translated throws, and the processing exception handler sends it to the dead-letter topic.
 */
public final class OpenLineageTranslation implements Processor<String, String, String, SpecificRecord> {

    /** The child that receives translated run events. */
    public static final String RUNS = "openlineage-run-events";
    /** The child that receives translated dataset versions. */
    public static final String DATASETS = "openlineage-dataset-versions";

    private ProcessorContext<String, SpecificRecord> context;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, String> record) {
        for (SpecificRecord event : OpenLineageTranslator.translate(record.value()).events()) {
            EventKind kind = EventKind.of(event);
            context.forward(record.withKey(kind.key(event)).withValue(event),
                    kind == EventKind.RUNS ? RUNS : DATASETS);
        }
    }
}
