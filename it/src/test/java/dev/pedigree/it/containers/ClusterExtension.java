package dev.pedigree.it.containers;

import dev.pedigree.it.SharedResourceExtension;

/**
 * Gives tests the containerized {@link PedigreeCluster}: started on first use, shared by the suite's test classes
 * (kept in the root context's store) and removed when the run ends. Each test leaves it running and healthy.
 */
public final class ClusterExtension extends SharedResourceExtension<PedigreeCluster> {

    public ClusterExtension() {
        super(PedigreeCluster.class);
    }

    @Override
    protected PedigreeCluster start() {
        return PedigreeCluster.start();
    }
}
