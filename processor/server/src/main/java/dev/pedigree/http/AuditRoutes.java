package dev.pedigree.http;

import dev.pedigree.audit.AuditLog;
import dev.pedigree.audit.BundleVerifier;
import dev.pedigree.audit.LogOrigin;
import dev.pedigree.audit.NoteVerifier;
import dev.pedigree.audit.ProofBundle;
import dev.pedigree.connectors.json.EventJson;
import dev.pedigree.events.Prediction;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.http.answers.Answers;
import dev.pedigree.report.DecisionReport;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The audit log over HTTP: the verifier keys, the signed checkpoints, inclusion proof bundles by event or node, and
 * consistency proofs between two checkpoints of a log. Each log is read where its partition lives (forwarded
 * otherwise); checkpoints come from the global store every instance keeps.
 */
final class AuditRoutes {

    /** The keys that signed this application's checkpoints: the current one first. */
    record Keys(NoteVerifier current, List<NoteVerifier> previous) {

        List<NoteVerifier> all() {
            List<NoteVerifier> all = new ArrayList<>(List.of(current));
            all.addAll(previous);
            return all;
        }
    }

    /** A key as a checkpoint's signature line names it, and its verifier key: worked out once, not per proof. */
    private record Signer(String linePrefix, byte[] keyId, String verifierKey) {

        static Signer of(NoteVerifier key) {
            return new Signer("\u2014 " + key.name() + " ", key.keyId(), key.verifierKey());
        }

        /** Whether {@code line} (a note's signature line) is this key's signature. */
        boolean signed(String line) {
            return line.startsWith(linePrefix) && line.length() > linePrefix.length() + 8 && Arrays.equals(
                    Arrays.copyOf(Base64.getDecoder().decode(line.substring(linePrefix.length()).trim()), 4), keyId);
        }
    }

    private final QueryRouter router;
    private final Keys keys;
    private final List<Signer> signers;
    private final long checkpointSeconds;
    private final boolean enabled;

    AuditRoutes(QueryRouter router, Keys keys, long checkpointSeconds, boolean enabled) {
        this.router = router;
        this.keys = keys;
        this.signers = keys.all().stream().map(Signer::of).toList();
        this.checkpointSeconds = checkpointSeconds;
        this.enabled = enabled;
    }

    private void requireEnabled() {
        if (!enabled) {
            throw ApiException.notFound("this instance keeps no audit log (pedigree.audit.enabled=false)");
        }
    }

    /** {@code GET /v1/audit/key}. */
    void key(Context ctx) {
        JacksonJsonMapper.answer(ctx, new Answers.AuditKey(keys.current().name(), keys.current().verifierKey(),
                keys.previous().stream().map(NoteVerifier::verifierKey).toList()));
    }

    /** {@code GET /v1/audit/checkpoints?log=&since=}: newest last. */
    void checkpoints(Context ctx) {
        String log = ctx.queryParam("log");
        if (log != null) {
            LogOrigin.parse(log);
        }
        long since = ctx.queryParam("since") == null ? 0L : Params.time(ctx, "since");
        List<Answers.AuditCheckpoint> checkpoints = router.auditCheckpoints(log).stream()
                .filter(c -> c.time() >= since)
                .sorted(Comparator.comparingLong(AuditLog.SignedCheckpoint::time)
                        .thenComparingLong(AuditLog.SignedCheckpoint::size))
                .map(c -> new Answers.AuditCheckpoint(c.checkpoint().origin(), c.size(), Instant.ofEpochMilli(c.time()),
                        c.note()))
                .toList();
        JacksonJsonMapper.answer(ctx, new Answers.AuditCheckpoints(checkpoints));
    }

    /** {@code GET /v1/audit/proof?eventId=} or {@code ?node=}. */
    void proof(Context ctx) {
        requireEnabled();
        String eventId = ctx.queryParam("eventId");
        String node = ctx.queryParam("node");
        if ((eventId == null) == (node == null)) {
            throw ApiException.badRequest("eventId", "give eventId or node (one of them)");
        }
        if (node != null) {
            Optional<QueryRouter.LocatedLog> located = router.auditLogOfNodeOrForward(ctx, Params.node(ctx));
            if (located.isPresent()) {
                long index = located.get().log().indexOfNode(Params.node(ctx));
                if (index < 0) {
                    throw ApiException.notFound("no event of node " + node + " in the audit log");
                }
                JacksonJsonMapper.answer(ctx, bundle(located.get(), index));
            }
            return;
        }
        eventId = Params.required(ctx, "eventId");
        for (QueryRouter.LocatedLog located : router.localAuditLogs()) {
            long index = located.log().indexOfEvent(eventId);
            if (index >= 0) {
                JacksonJsonMapper.answer(ctx, bundle(located, index));
                return;
            }
        }
        if (!router.askOthers(ctx)) {
            throw ApiException.notFound("no event " + eventId + " in the audit logs");
        }
    }

    /** {@code GET /v1/audit/consistency?log=&from=&to=}. */
    void consistency(Context ctx) {
        requireEnabled();
        String log = ctx.queryParam("log");
        if (log == null) {
            throw ApiException.badRequest("log", "log is required (an origin, <application.id>/<topic>/<partition>)");
        }
        LogOrigin origin;
        try {
            origin = LogOrigin.parse(log);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("log", e.getMessage());
        }
        long from = Params.positiveLong(ctx, "from");
        long to = Params.positiveLong(ctx, "to");
        if (from > to) {
            throw ApiException.badRequest("from", "from (" + from + ") is larger than to (" + to + ")");
        }
        Optional<AuditLog> found = router.auditLogOrForward(ctx, origin);
        if (found.isEmpty()) {
            return;
        }
        AuditLog auditLog = found.get();
        AuditLog.SignedCheckpoint first = auditLog.checkpoint(from);
        AuditLog.SignedCheckpoint second = auditLog.checkpoint(to);
        if (first == null || second == null) {
            throw ApiException.notFound("log " + origin + " has no signed checkpoint of " + (first == null ? from : to)
                    + " leaves; GET /v1/audit/checkpoints?log=" + origin + " lists them");
        }
        if (to > auditLog.size()) {
            // Signed after the log was opened: its record is written just before the newest size is.
            throw ApiException.notReady("the checkpoint of " + to + " leaves of " + origin + " is being recorded");
        }
        List<String> proof = auditLog.tree().consistency(from, to).stream()
                .map(hash -> Base64.getEncoder().encodeToString(hash)).toList();
        JacksonJsonMapper.answer(ctx, new Answers.AuditConsistency(origin.toString(), from, to, proof, first.note(),
                second.note()));
    }

    /**
     * The proof of the event that created {@code nodeId}, with its bundle checked by {@link BundleVerifier} against
     * this application's keys, as {@code audit verify --bundle} checks it: the decision report's mark.
     */
    DecisionReport.Proof proofOf(String nodeId) {
        if (!enabled) {
            return new DecisionReport.Proof(nodeId, "NOT_IN_LOG", "the audit log is off", null);
        }
        ProofBundle bundle;
        try {
            QueryRouter.NodeLog located = router.auditLogOfNode(nodeId);
            if (located.log() == null) {
                Optional<ProofBundle> remote = router.remoteProof(located.location(), nodeId);
                if (remote.isEmpty()) {
                    return new DecisionReport.Proof(nodeId, "NOT_IN_LOG", "no event of it in the audit log", null);
                }
                bundle = remote.get();
            } else {
                long index = located.log().log().indexOfNode(nodeId);
                if (index < 0) {
                    return new DecisionReport.Proof(nodeId, "NOT_IN_LOG", "no event of it in the audit log", null);
                }
                bundle = bundle(located.log(), index);
            }
        } catch (ApiException e) {
            return new DecisionReport.Proof(nodeId, e.status() == 503 ? "NOT_YET_CHECKPOINTED" : "NOT_IN_LOG",
                    e.getMessage(), null);
        }
        BundleVerifier.Verdict verdict = BundleVerifier.verify(bundle, keys.all());
        return new DecisionReport.Proof(nodeId, verdict.verified() ? "VERIFIED" : "NOT_VERIFIED", verdict.reason(),
                bundle);
    }

    /**
     * The prediction as the audit log recorded it, for a decision whose record the prediction store no longer holds
     * (older than {@code pedigree.prediction.retention.ms}): empty when the log has no such event or its data expired
     * too.
     */
    Optional<Prediction> recordedPrediction(String predictionId) {
        if (!enabled) {
            return Optional.empty();
        }
        QueryRouter.NodeLog located = router.auditLogOfNode(NodeIds.prediction(predictionId));
        if (located.log() == null) {
            return Optional.empty();
        }
        AuditLog auditLog = located.log().log();
        long index = auditLog.indexOfNode(NodeIds.prediction(predictionId));
        byte[] data = index < 0 ? null : auditLog.data(index);
        if (data == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(EventJson.read(JacksonJsonMapper.MAPPER.readTree(data), Prediction.class));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the audit log's leaf " + index + " of " + located.log().origin()
                    + " is not JSON", e);
        }
    }

    /** The bundle of leaf {@code index}, in the tree of the newest checkpoint that covers it. */
    ProofBundle bundle(QueryRouter.LocatedLog located, long index) {
        AuditLog auditLog = located.log();
        long size = auditLog.size(); // the log as of its newest checkpoint, when it was opened
        if (index >= size) {
            throw ApiException.notReady("the event is leaf " + index + " of " + located.origin() + ", not yet "
                    + "covered by a signed checkpoint (one is signed at least every " + checkpointSeconds + " s)");
        }
        AuditLog.SignedCheckpoint checkpoint = auditLog.checkpoint(size);
        List<String> inclusion = auditLog.tree().inclusion(index, size).stream()
                .map(hash -> Base64.getEncoder().encodeToString(hash)).toList();
        AuditLog.Leaf leaf = auditLog.leaf(index);
        return new ProofBundle(located.origin().toString(), new ProofBundle.Leaf(leaf.eventId(), index,
                leaf.data() == null ? null : Base64.getEncoder().encodeToString(leaf.data()),
                Base64.getEncoder().encodeToString(leaf.hash())), size, inclusion, checkpoint.note(),
                signer(checkpoint.note()));
    }

    /**
     * The verifier key of the key that signed {@code note} — the current one, or an earlier one — found by the name and
     * key ID of its signature line (whoever checks the bundle verifies the signature).
     */
    private String signer(String note) {
        String line = note.substring(note.lastIndexOf("\n\n") + 2);
        for (Signer signer : signers) {
            if (signer.signed(line)) {
                return signer.verifierKey();
            }
        }
        return signers.get(0).verifierKey();
    }
}
