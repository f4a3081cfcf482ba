package dev.pedigree.streams.internals;

import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.Prediction;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.graph.UsageKeys;
import dev.pedigree.graph.PredictionLookup;
import dev.pedigree.graph.store.UsageIncrement;
import dev.pedigree.streams.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Keyed by prediction id: stores each prediction once (a window store by event time, so predictions older than
 * the retention are dropped segment by segment, never scanned), and for a prediction seen the first time sends
 * one usage record per usage key: {@code mv|<model version>} and {@code fv|<feature version>|<model version>}.
 * A re-delivered prediction is neither stored nor counted again.
 */
public final class PredictionProcessor implements Processor<String, Prediction, String, UsageIncrement> {

    private WindowStore<String, Prediction> store;
    private ProcessorContext<String, UsageIncrement> context;

    @Override
    public void init(ProcessorContext<String, UsageIncrement> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.PREDICTIONS);
    }

    @Override
    public void process(Record<String, Prediction> record) {
        Prediction prediction = record.value();
        String id = prediction.getPredictionId();
        if (contains(id)) {
            return;
        }
        long time = prediction.getEventTime().toEpochMilli();
        store.put(id, prediction, time);
        String modelVersion = NodeIds.modelVersion(prediction.getModel().getName(), prediction.getModel().getVersion());
        UsageIncrement increment = new UsageIncrement(time);
        context.forward(new Record<>(UsageKeys.modelVersion(modelVersion), increment, record.timestamp()));
        for (DatasetHash feature : prediction.getFeatures()) {
            if (feature.getContentHash() != null) {
                String version = NodeIds.datasetVersion(feature.getDataset().getNamespace(),
                        feature.getDataset().getName(), feature.getContentHash());
                context.forward(new Record<>(UsageKeys.featureVersion(version, modelVersion), increment,
                        record.timestamp()));
            }
        }
    }

    private boolean contains(String id) {
        return PredictionLookup.find(store, id).isPresent();
    }
}
