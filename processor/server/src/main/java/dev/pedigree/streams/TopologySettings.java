package dev.pedigree.streams;

import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.profiles.DriftSettings;
import java.time.Duration;

/**
 * What the topology's shape depends on, and nothing else: no broker, no CLI, no running instance.
 *
 * @param predictionRetention how long predictions are kept (the window store's retention)
 * @param alertGrace how long (wall-clock) to wait for a late declaring run or dataset before an
 *     UNDECLARED_CHANGE or INPUT_HASH_MISMATCH alert
 * @param drift when a new version of a dataset has drifted (DISTRIBUTION_DRIFT)
 * @param auditCheckpoint how often (wall clock) each audit log that grew signs a checkpoint
 * @param auditDataRetention how long (event time) the audit log keeps a prediction's committed data
 * @param audit whether events are appended to the audit log at all
 */
public record TopologySettings(Duration predictionRetention, Duration alertGrace, DriftSettings drift,
        Duration auditCheckpoint, Duration auditDataRetention, boolean audit) {

    /** The topology's settings out of Pedigree's configuration. */
    public static TopologySettings from(PedigreeConfig config) {
        return new TopologySettings(config.predictionRetention(), Duration.ofMillis(config.alertGraceMs()),
                config.drift(), config.auditCheckpointInterval(), config.auditDataRetention(), config.auditEnabled());
    }
}
