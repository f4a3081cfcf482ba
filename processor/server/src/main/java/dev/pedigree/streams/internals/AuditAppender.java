package dev.pedigree.streams.internals;

import dev.pedigree.audit.AuditLog;
import dev.pedigree.audit.Checkpoint;
import dev.pedigree.audit.LeafData;
import dev.pedigree.audit.LogOrigin;
import dev.pedigree.audit.NoteKey;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.streams.ActiveStores;
import java.time.Duration;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends every event read from one input partition to that partition's audit log, in offset order, and at least
 * every checkpoint interval (wall clock), when the log grew, signs a checkpoint of it and forwards it (key: the log's
 * origin, value: the signed note) to {@code pedigree.audit}. The log lives in a changelogged store and is written in
 * the same exactly-once transaction as the input offsets: after a crash the replayed records find the log as it was
 * committed, so leaves, indexes and roots come out the same.
 */
public final class AuditAppender<V extends SpecificRecord> implements Processor<String, V, String, String> {

    /** The Streams setting that carries the signing key ({@link NoteKey}), as the graph index is carried. */
    public static final String KEY_CONFIG = "pedigree.audit.signing.key";
    /**
     * The Streams setting that names the application whose input the logs record: the first part of each log's
     * origin ({@code <application.id>/<topic>/<partition>}), which the audit log's own application id is not.
     */
    public static final String ORIGIN_APPLICATION_CONFIG = "pedigree.audit.origin.application";

    private static final Logger log = LoggerFactory.getLogger(AuditAppender.class);

    /** The most leaves whose data one punctuation expires: the rest goes at the next one. */
    static final int EXPIRE_BATCH = 10_000;

    private final String topic;
    private final String storeName;
    private final Duration interval;
    private final Duration dataRetention;
    private ProcessorContext<String, String> context;
    private AuditLog auditLog;
    private NoteKey key;
    private LogOrigin origin;
    private KeyValueStore<String, byte[]> store;
    private ActiveStores queried;

    /**
     * @param dataRetention how long (event time) the leaves' data is kept; null to keep it for the life of the log
     *     (their hashes always are)
     */
    public AuditAppender(String topic, String storeName, Duration interval, Duration dataRetention) {
        this.topic = topic;
        this.storeName = storeName;
        this.interval = interval;
        this.dataRetention = dataRetention;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.queried = ActiveStores.from(context.appConfigs());
        queried.add(context, store);
        this.auditLog = new AuditLog(new StreamsAuditStore(store));
        this.key = (NoteKey) context.appConfigs().get(KEY_CONFIG);
        if (key == null) {
            throw new IllegalStateException("the Streams settings carry no audit signing key (" + KEY_CONFIG + ")");
        }
        Object application = context.appConfigs().get(ORIGIN_APPLICATION_CONFIG);
        if (application == null) {
            throw new IllegalStateException("the Streams settings name no application for the audit logs' origins ("
                    + ORIGIN_APPLICATION_CONFIG + ")");
        }
        this.origin = new LogOrigin(application.toString(), topic, context.taskId().partition());
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::checkpoint);
    }

    @Override
    public void process(Record<String, V> record) {
        SpecificRecord event = record.value();
        auditLog.append(((GenericRecord) event).get("eventId").toString(), nodeOf(event), LeafData.of(event),
                dataRetention == null ? -1 : record.timestamp());
    }

    @Override
    public void close() {
        queried.remove(context, store);
    }

    /** Signs the log's current size when it grew since the last checkpoint. */
    private void checkpoint(long now) {
        if (dataRetention != null) {
            long streamTime = context.currentStreamTimeMs();
            if (streamTime > dataRetention.toMillis()) {
                auditLog.expireData(streamTime - dataRetention.toMillis(), EXPIRE_BATCH);
            }
        }
        long size = auditLog.size();
        if (size <= auditLog.checkpointedSize()) {
            return;
        }
        String note = new Checkpoint(origin.toString(), size, auditLog.tree().root(size)).sign(key);
        auditLog.checkpointed(size, now, note);
        context.forward(new Record<>(origin.toString(), note, now));
        log.debug("Checkpoint of {} at {} leaves", origin, size);
    }

    /** The node an event creates or describes. */
    static String nodeOf(SpecificRecord event) {
        if (event instanceof DatasetVersion e) {
            return NodeIds.datasetVersion(e.getDataset().getNamespace(), e.getDataset().getName(), e.getContentHash());
        } else if (event instanceof RunEvent e) {
            return NodeIds.run(e.getRunId());
        } else if (event instanceof ModelVersion e) {
            return NodeIds.modelVersion(e.getName(), e.getVersion());
        } else if (event instanceof Prediction e) {
            return NodeIds.prediction(e.getPredictionId());
        }
        return null;
    }
}
