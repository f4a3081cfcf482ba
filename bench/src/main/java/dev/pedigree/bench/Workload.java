package dev.pedigree.bench;

import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.DatasetVersion;
import dev.pedigree.events.JobId;
import dev.pedigree.events.ModelRef;
import dev.pedigree.events.Prediction;
import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.schema.ContentHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The benchmark's workload, generated from a seed: lineage chains (source → step 1 → … → step N, each step a
 * completed run reading the previous dataset version and writing the next) of which the first {@code hubChains}
 * all start from one shared source version (the hub, where traversals start), and a stream of predictions by a
 * handful of model versions, each reading one of a few feature versions.
 */
final class Workload {

    static final String PRODUCER = "https://github.com/pedigree/pedigree/bench";
    static final int MODEL_VERSIONS = 4;

    private final long seed;
    /** Of the chains' datasets and jobs: {@code <namespace>-src} for the sources, {@code <namespace>} for the rest. */
    private final String namespace;
    private final int chains;
    private final int steps;
    private final int hubChains;

    Workload(long seed, int chains, int steps, int hubChains) {
        this(seed, "bench", chains, steps, hubChains);
    }

    Workload(long seed, String namespace, int chains, int steps, int hubChains) {
        this.seed = seed;
        this.namespace = namespace;
        this.chains = chains;
        this.steps = steps;
        this.hubChains = Math.min(hubChains, chains);
    }

    /** Graph nodes the chains make: runs, dataset versions, datasets and jobs. */
    long nodes() {
        long runs = (long) chains * steps;
        long versions = (long) chains * steps + (chains - hubChains) + 1;
        long datasets = (long) chains * steps + (chains - hubChains) + 1;
        return runs + versions + datasets + steps;
    }

    int chains() {
        return chains;
    }

    long runs() {
        return (long) chains * steps;
    }

    /** The shared source version every hub chain starts from. */
    DatasetHash hub() {
        return version(namespace + "-src", "hub", 0);
    }

    String hubId() {
        DatasetHash hub = hub();
        return NodeIds.datasetVersion(hub.getDataset().getNamespace(), hub.getDataset().getName(),
                hub.getContentHash());
    }

    /** A DatasetVersion for each chain's source (the hub once): sources are observed, as a pipeline reports them. */
    void sources(Consumer<DatasetVersion> sink) {
        Instant time = Instant.parse("2026-11-01T00:00:00Z");
        for (int chain = hubChains == 0 ? 0 : hubChains - 1; chain < chains; chain++) {
            DatasetHash source = chain < hubChains ? hub() : version(namespace + "-src", "source-" + chain, chain);
            sink.accept(DatasetVersion.newBuilder().setEventId("bench-src-" + seed + "-" + chain).setEventTime(time)
                    .setProducer(PRODUCER).setDataset(source.getDataset()).setContentHash(source.getContentHash())
                    .build());
        }
    }

    /** One COMPLETE run event per step, chain after chain. */
    void runs(Consumer<RunEvent> sink) {
        Instant time = Instant.parse("2026-11-01T00:00:00Z");
        for (int chain = 0; chain < chains; chain++) {
            DatasetHash input = chain < hubChains ? hub() : version(namespace + "-src", "source-" + chain, chain);
            for (int step = 1; step <= steps; step++) {
                DatasetHash output = version(namespace, "c" + chain + "-s" + step, step);
                sink.accept(RunEvent.newBuilder()
                        .setEventId("bench-" + seed + "-" + chain + "-" + step).setEventTime(time)
                        .setProducer(PRODUCER).setRunId("r" + seed + "-" + chain + "-" + step)
                        .setJob(JobId.newBuilder().setNamespace(namespace).setName("step-" + step).build())
                        .setState(RunState.COMPLETE).setInputs(List.of(input)).setOutputs(List.of(output))
                        .setParameters(Map.of("chain", Integer.toString(chain))).build());
                input = output;
            }
        }
    }

    /** Every edge the chains make, as (from, to) node ids, for the relational baseline. */
    void edges(Consumer<String[]> sink) {
        runs(run -> {
            String runNode = NodeIds.run(run.getRunId());
            sink.accept(new String[] {NodeIds.job(run.getJob().getNamespace(), run.getJob().getName()), runNode});
            for (DatasetHash in : run.getInputs()) {
                sink.accept(new String[] {id(in), runNode});
            }
            for (DatasetHash out : run.getOutputs()) {
                sink.accept(new String[] {runNode, id(out)});
                sink.accept(new String[] {NodeIds.dataset(out.getDataset().getNamespace(), out.getDataset().getName()),
                        id(out)});
            }
        });
    }

    /** {@code count} predictions with ids {@code p<seed>-<n>}, starting at {@code from}. */
    void predictions(long from, long count, Consumer<Prediction> sink) {
        Random random = new Random(seed + from);
        Instant time = Instant.now();
        for (long n = from; n < from + count; n++) {
            int model = random.nextInt(MODEL_VERSIONS);
            sink.accept(Prediction.newBuilder()
                    .setEventId("bp-" + seed + "-" + n).setEventTime(time).setProducer(PRODUCER)
                    .setPredictionId(predictionId(n))
                    .setModel(ModelRef.newBuilder().setName("bench-model").setVersion(Integer.toString(model)).build())
                    .setFeatures(List.of(version("bench-features", "user_features", model)))
                    .setAttributes(Map.of("score", Integer.toString(random.nextInt(1000)))).build());
        }
    }

    String predictionId(long n) {
        return predictionId(seed, n);
    }

    /** The id of the {@code n}-th prediction of the workload seeded with {@code seed}. */
    static String predictionId(long seed, long n) {
        return "p" + seed + "-" + n;
    }

    static String id(DatasetHash hash) {
        return NodeIds.datasetVersion(hash.getDataset().getNamespace(), hash.getDataset().getName(),
                hash.getContentHash());
    }

    private DatasetHash version(String datasetNamespace, String name, int variant) {
        return DatasetHash.newBuilder()
                .setDataset(DatasetId.newBuilder().setNamespace(datasetNamespace).setName(name).build())
                .setContentHash(ContentHash.ofUtf8(seed + "/" + datasetNamespace + "/" + name + "/" + variant))
                .build();
    }
}
