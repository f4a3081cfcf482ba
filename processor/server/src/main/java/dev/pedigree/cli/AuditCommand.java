package dev.pedigree.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.pedigree.audit.BundleVerifier;
import dev.pedigree.audit.Checkpoint;
import dev.pedigree.audit.Merkle;
import dev.pedigree.audit.NoteVerifier;
import dev.pedigree.audit.ProofBundle;
import dev.pedigree.audit.SignedNote;
import dev.pedigree.config.PedigreeConfig;
import dev.pedigree.graph.NodeIds;
import dev.pedigree.runtime.Endpoints;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pedigree audit prove|verify}: the audit log for a compliance officer. {@code prove} collects the proof
 * bundles of a decision; {@code verify --bundle} checks bundles offline with a public key alone; {@code verify}
 * checks every signed checkpoint and the consistency of each log's consecutive checkpoints.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Prove and verify the tamper-evident "
        + "audit log.", subcommands = {AuditCommand.Prove.class, AuditCommand.Verify.class})
final class AuditCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The Pedigree HTTP API the command talks to. */
    static final class Api {

        @Option(names = "--url", paramLabel = "URL", description = "Pedigree's HTTP API (default: the embedded "
                + "runtime's in PEDIGREE_HOME, else http://127.0.0.1:<pedigree.http.port>).")
        private URI url;

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private String base;
        private String token;

        void resolve(PedigreeConfig config) {
            token = config.apiToken();
            base = url != null ? url.toString() : Endpoints.readFrom(config.home()).map(Endpoints::httpUrl)
                    .orElse("http://127.0.0.1:" + config.httpPort());
            base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        }

        /**
         * {@code GET path} as JSON; a 503 (e.g. an event not yet covered by a checkpoint) is retried for up to 30 s.
         *
         * @throws IllegalStateException with the server's message for any other failure
         */
        JsonNode get(String path) {
            RetryPolicy<HttpResponse<String>> notReady = RetryPolicy.<HttpResponse<String>>builder()
                    .handleResultIf(response -> response.statusCode() == 503).withDelay(Duration.ofSeconds(1))
                    .withMaxDuration(Duration.ofSeconds(30)).withMaxRetries(-1).build();
            HttpResponse<String> response = Failsafe.with(notReady).get(() -> {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            });
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (IOException e) {
                throw new IllegalStateException(base + path + " answered " + response.statusCode() + " with no JSON");
            }
            String failure = base + path + " answered " + response.statusCode() + ": "
                    + body.path("message").asText(response.body());
            if (response.statusCode() == 404) {
                throw new NotFound(failure);
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException(failure);
            }
            return body;
        }
    }

    /** A 404: what was asked for is not there. */
    static final class NotFound extends IllegalStateException {
        NotFound(String message) {
            super(message);
        }
    }

    @Command(name = "prove", mixinStandardHelpOptions = true, description = "Print the proof bundles of a decision "
            + "(JSON): the prediction, its model version, the training run and every upstream dataset version.")
    static final class Prove implements Callable<Integer> {

        @Mixin
        private ConfigOption config;

        @Mixin
        private Api api = new Api();

        @Option(names = "--prediction", required = true, paramLabel = "ID", description = "The prediction id.")
        private String prediction;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the bundles to FILE instead of printing "
                + "them.")
        private Path out;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            api.resolve(config.load());
            JsonNode provenance = api.get("/v1/predictions/" + encode(prediction) + "/provenance");
            Set<String> nodes = new LinkedHashSet<>();
            nodes.add(NodeIds.prediction(prediction));
            if (provenance.hasNonNull("modelVersion")) {
                nodes.add(provenance.path("modelVersion").path("id").asText());
            }
            provenance.path("trainingRuns").forEach(run -> nodes.add(run.path("id").asText()));
            provenance.path("datasets").forEach(version -> nodes.add(version.path("id").asText()));
            List<JsonNode> bundles = new ArrayList<>();
            for (String node : nodes) {
                try {
                    bundles.add(api.get("/v1/audit/proof?node=" + encode(node)));
                } catch (NotFound e) {
                    if (node.equals(NodeIds.prediction(prediction))) {
                        throw e;
                    }
                    // A node the lineage names but no event recorded (e.g. a run only a model version mentions).
                    spec.commandLine().getErr().printf("no proof of %s: %s%n", node, e.getMessage());
                }
            }
            String text = JSON.writeValueAsString(bundles);
            if (out == null) {
                spec.commandLine().getOut().println(text);
            } else {
                Files.writeString(out, text + "\n");
                spec.commandLine().getErr().printf("%d proof bundles of prediction %s written to %s%n",
                        bundles.size(), prediction, out);
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify proof bundles offline "
            + "(--bundle), or every signed checkpoint of the logs and the consistency of each log's consecutive "
            + "checkpoints. Exits 1 naming the first bundle or checkpoint that does not verify.")
    static final class Verify implements Callable<Integer> {

        @Mixin
        private ConfigOption config;

        @Mixin
        private Api api = new Api();

        @Option(names = "--bundle", paramLabel = "FILE", description = "Proof bundles (one, or a JSON array, as "
                + "'audit prove' writes them) to check offline, with no broker or server.")
        private Path bundle;

        @Option(names = "--full", description = "Also read back every record of the input topics and every "
                + "checkpoint of pedigree.audit from Kafka, recompute each log's leaves and check every checkpoint's "
                + "root against them (needs the brokers and the schema registry).")
        private boolean full;

        @Option(names = "--key", paramLabel = "VERIFIER_KEY", description = "A trusted verifier key "
                + "(name+keyid+base64, as GET /v1/audit/key publishes it); repeatable. Without it, --bundle trusts the "
                + "key each bundle names, and checkpoints are checked against the server's keys.")
        private List<String> keys = new ArrayList<>();

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            List<NoteVerifier> trusted = new ArrayList<>();
            for (String key : keys) {
                try {
                    trusted.add(NoteVerifier.parse(key));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--key: " + e.getMessage());
                }
            }
            if (bundle != null) {
                return bundles(out, trusted);
            }
            int checked = checkpoints(out, trusted);
            return checked != 0 || !full ? checked : new FullVerify(config.load(), out).run(trusted);
        }

        private int bundles(PrintWriter out, List<NoteVerifier> trusted) throws IOException {
            JsonNode read = JSON.readTree(bundle.toFile());
            List<ProofBundle> bundles = read.isArray()
                    ? JSON.convertValue(read, new TypeReference<List<ProofBundle>>() { })
                    : List.of(JSON.convertValue(read, ProofBundle.class));
            if (trusted.isEmpty()) {
                out.println("No --key given: each bundle is checked against the key it names; compare that key "
                        + "with the one the log's operator publishes.");
            }
            for (ProofBundle proof : bundles) {
                BundleVerifier.Verdict verdict = BundleVerifier.verify(proof, trusted);
                String leaf = "leaf " + (proof.leaf() == null ? "?" : proof.leaf().index() + " (event "
                        + proof.leaf().eventId() + ")") + " of " + proof.log();
                if (!verdict.verified()) {
                    out.println("FAILED   " + leaf + ": " + verdict.reason());
                    out.flush();
                    return 1;
                }
                out.printf("VERIFIED %s, in the checkpoint of %,d leaves signed by %s%s%n", leaf, proof.treeSize(),
                        trusted.isEmpty() ? proof.key() : "a trusted key", verdict.dataExpired()
                                ? " (the recorded event itself has expired: its hash is proven)" : "");
            }
            out.printf("%d bundle(s) verified%n", bundles.size());
            return 0;
        }

        private int checkpoints(PrintWriter out, List<NoteVerifier> trusted) {
            api.resolve(config.load());
            if (trusted.isEmpty()) {
                JsonNode key = api.get("/v1/audit/key");
                trusted.add(NoteVerifier.parse(key.path("key").asText()));
                key.path("previous").forEach(previous -> trusted.add(NoteVerifier.parse(previous.asText())));
            }
            Map<String, List<JsonNode>> byLog = new LinkedHashMap<>();
            api.get("/v1/audit/checkpoints").path("checkpoints").forEach(checkpoint -> byLog.computeIfAbsent(
                    checkpoint.path("log").asText(), k -> new ArrayList<>()).add(checkpoint));
            int count = 0;
            for (Map.Entry<String, List<JsonNode>> log : byLog.entrySet()) {
                Checkpoint previous = null;
                for (JsonNode stored : log.getValue()) {
                    String name = log.getKey() + " at " + stored.path("treeSize").asLong() + " leaves";
                    Checkpoint checkpoint;
                    try {
                        checkpoint = Checkpoint.open(stored.path("note").asText(), trusted);
                    } catch (SignedNote.NoteException e) {
                        out.println("FAILED   checkpoint of " + name + ": " + e.getMessage());
                        out.flush();
                        return 1;
                    }
                    if (!checkpoint.origin().equals(log.getKey()) || checkpoint.size() != stored.path("treeSize")
                            .asLong()) {
                        out.println("FAILED   checkpoint of " + name + ": its note is of " + checkpoint.origin()
                                + " at " + checkpoint.size() + " leaves");
                        out.flush();
                        return 1;
                    }
                    if (previous != null && !consistent(previous, checkpoint)) {
                        out.println("FAILED   checkpoint of " + name + " is not consistent with the one of "
                                + previous.size() + " leaves: the log was rewritten in between");
                        out.flush();
                        return 1;
                    }
                    previous = checkpoint;
                    count++;
                }
                out.printf("VERIFIED %s: %d checkpoint(s), up to %,d leaves%n", log.getKey(), log.getValue().size(),
                        previous == null ? 0 : previous.size());
            }
            out.printf("%d checkpoint(s) of %d log(s) verified%n", count, byLog.size());
            return 0;
        }

        /** Whether the server's consistency proof links two checkpoints this command already verified. */
        private boolean consistent(Checkpoint first, Checkpoint second) {
            if (first.size() == second.size()) {
                return java.util.Arrays.equals(first.root(), second.root());
            }
            if (first.size() == 0) {
                return true;
            }
            JsonNode answer = api.get("/v1/audit/consistency?log=" + encode(first.origin()) + "&from="
                    + first.size() + "&to=" + second.size());
            List<byte[]> proof = new ArrayList<>();
            answer.path("proof").forEach(hash -> proof.add(Base64.getDecoder().decode(hash.asText())));
            return Merkle.verifyConsistency(first.size(), second.size(), first.root(), second.root(), proof);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
