package dev.pedigree.streams;

/**
 * The restore progress of an instance's two applications, provenance and audit log: made before the processor
 * starts (whose start waits for the graph store's restore), so that {@code GET /health/ready} can show it meanwhile.
 */
public record Restores(RestoreProgress provenance, RestoreProgress auditLog) {

    /** Progress of a new instance, named as its log lines name the applications. */
    public static Restores create() {
        return new Restores(new RestoreProgress(PedigreeProcessor.PROVENANCE), new RestoreProgress(
                PedigreeProcessor.AUDIT_LOG));
    }

    /** Both applications' progress together. */
    public RestoreProgress.Snapshot snapshot() {
        return provenance.snapshot().plus(auditLog.snapshot());
    }
}
