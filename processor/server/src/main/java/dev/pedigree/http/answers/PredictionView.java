package dev.pedigree.http.answers;

import dev.pedigree.events.Prediction;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A prediction as it was recorded. */
public record PredictionView(String predictionId, String eventId, Instant time, String producer, ModelRef model,
        List<NodeView.DatasetRefView> features, String inputHash, Map<String, String> attributes) {

    public static PredictionView of(Prediction p) {
        return new PredictionView(p.getPredictionId(), p.getEventId(), p.getEventTime(), p.getProducer(),
                new ModelRef(p.getModel().getName(), p.getModel().getVersion()), p.getFeatures().stream()
                        .map(f -> new NodeView.DatasetRefView(f.getDataset().getNamespace(), f.getDataset().getName(),
                                f.getContentHash(), f.getFields())).toList(), p.getInputHash(), p.getAttributes());
    }

    /** The model version that made it. */
    public record ModelRef(String name, String version) {
    }
}
