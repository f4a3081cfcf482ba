package dev.pedigree.schema;

import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.LineageAlert;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Every top-level event type of the contract: the records published to topics. */
public final class EventTypes {

    public static final List<Class<? extends SpecificRecord>> ALL =
            List.of(DatasetVersion.class, RunEvent.class, ModelVersion.class, Prediction.class, LineageAlert.class);

    private EventTypes() {
    }
}
