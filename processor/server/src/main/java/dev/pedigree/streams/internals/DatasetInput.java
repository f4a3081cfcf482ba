package dev.pedigree.streams.internals;

import dev.pedigree.events.DatasetVersion;
import dev.pedigree.graph.store.DatasetReference;

/** What the dataset processor reads: an observed dataset version, or a version a run named. */
public sealed interface DatasetInput {

    /** A {@code DatasetVersion} event from {@code pedigree.datasets}. */
    record Observed(DatasetVersion event) implements DatasetInput {
    }

    /** A dataset version read or written by a run, routed by dataset. */
    record Referenced(DatasetReference reference) implements DatasetInput {
    }
}
