package dev.pedigree.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The production commands' usage errors, as a user meets them: a one-line reason, no stack trace. */
class CliCommandsTest {

    @TempDir
    Path folder;

    private Path config;

    /** What a command printed and how it ended. */
    private record Outcome(int status, String out, String err) {
    }

    @BeforeEach
    void configuration() throws IOException {
        // A broker and registry that cannot be reached: only errors found before publishing are tested here,
        // except the one test that waits for the timeout on purpose.
        config = folder.resolve("pedigree.properties");
        Files.writeString(config, String.join("\n", "pedigree.home=" + folder.resolve("home"),
                "bootstrap.servers=127.0.0.1:9", "schema.registry.url=http://127.0.0.1:9"));
    }

    private Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PedigreeCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new Outcome(status, out.toString(), err.toString());
    }

    @Test
    void emitDatasetOfAMissingFileNamesTheFile() {
        Path missing = folder.resolve("missing.csv");
        Outcome outcome = run("emit", "dataset", "--namespace", "file:///data", "--name", "users.csv", "--file",
                missing.toString(), "--config", config.toString());
        assertThat(outcome.status()).isNotZero();
        assertThat(outcome.err()).contains("no file or directory at " + missing).doesNotContain("Exception");
    }

    @Test
    void aFailureSaysWhatItsCausesSayOnce() {
        // As Kafka Streams wraps RocksDB's reason for not opening a store.
        Exception rocks = new IllegalStateException("lock hold by current process");
        Exception opening = new RuntimeException("Error opening store predictions at /state/4_3", rocks);
        Exception wrapped = new RuntimeException("Error opening store predictions at /state/4_3", opening);

        assertThat(PedigreeCli.describe(wrapped)).isEqualTo("Error opening store predictions at /state/4_3 "
                + "(IllegalStateException: lock hold by current process)");
        assertThat(PedigreeCli.describe(new IllegalArgumentException())).isEqualTo("java.lang.IllegalArgumentException");
    }

    @Test
    void emitDatasetWithoutItsRequiredOptionsListsThem() {
        Outcome outcome = run("emit", "dataset", "--namespace", "file:///data");
        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).contains("Missing required options").contains("--name").contains("--file");
    }

    @Test
    void emitRunWithAMalformedInputSaysWhatADatasetLooksLike() {
        Outcome outcome = run("emit", "run", "--run-id", "r1", "--job-namespace", "ns", "--job-name", "job",
                "--input", "namespace=warehouse", "--config", config.toString());
        assertThat(outcome.status()).isNotZero();
        assertThat(outcome.err()).contains("namespace=NS,name=N").contains("namespace=warehouse")
                .doesNotContain("Exception");
    }

    @Test
    void emitRunWithTwoOutputColumnsInOneColumnLineageSaysToGiveEachItsOwn() {
        Outcome outcome = run("emit", "run", "--run-id", "r1", "--job-namespace", "shop", "--job-name", "daily",
                "--input", "namespace=wh,name=orders,fields=amount|qty", "--output", "namespace=wh,name=totals",
                "--column-lineage", "total=orders:amount:AGGREGATION,n=orders:qty", "--config", config.toString());
        assertThat(outcome.status()).isNotZero();
        assertThat(outcome.err()).contains("'n=orders:qty' maps another output column")
                .contains("a --column-lineage of its own").doesNotContain("Exception");
    }

    @Test
    void emitRunWithAnUnknownStateListsTheStates() {
        Outcome outcome = run("emit", "run", "--run-id", "r1", "--job-namespace", "ns", "--job-name", "job",
                "--state", "DONE", "--config", config.toString());
        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).contains("DONE").contains("COMPLETE");
    }

    @Test
    void emitModelWithAMetricThatIsNoNumberNamesIt() {
        Outcome outcome = run("emit", "model", "--name", "churn", "--version", "1", "--training-run-id", "r1",
                "--metric", "accuracy=high", "--config", config.toString());
        assertThat(outcome.status()).isNotZero();
        assertThat(outcome.err()).contains("--metric").contains("'high' is not a double")
                .doesNotContain("Exception");
    }

    @Test
    void emitPredictionWithAModelWithoutVersionSaysNameColonVersion() {
        Outcome outcome = run("emit", "prediction", "--id", "p1", "--model", "churn", "--config", config.toString());
        assertThat(outcome.status()).isNotZero();
        assertThat(outcome.err()).contains("--model must be NAME:VERSION, got 'churn'").doesNotContain("Exception");
    }

    @Test
    void emitToAnUnreachableBrokerGivesUpAfterTheTimeoutAndSaysWhere() throws IOException {
        Path data = Files.writeString(folder.resolve("users.csv"), "id,age\n1,30\n");
        Outcome outcome = run("emit", "dataset", "--namespace", "file:///data", "--name", "users.csv", "--file",
                data.toString(), "--timeout-ms", "1000", "--config", config.toString());
        assertThat(outcome.status()).isEqualTo(1);
        assertThat(outcome.err()).contains("could not publish to 127.0.0.1:9").contains("1000 ms");
    }

    @Test
    void importOfAMissingLockFileNamesIt() {
        Path missing = folder.resolve("dvc.lock");
        Outcome outcome = run("import", "dvc", missing.toString(), "--config", config.toString());
        assertThat(outcome.status()).isNotZero();
        assertThat(outcome.err()).contains(missing.toString()).containsIgnoringCase("no such file")
                .doesNotContain("Exception");
    }

    @Test
    void alertsTailWithAMalformedSinceSaysWhatADurationIs() {
        Outcome outcome = run("alerts", "tail", "--since", "yesterday", "--config", config.toString());
        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).contains("--since must be a number and a unit").contains("got 'yesterday'");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Outcome outcome = run("emit", "alert");
        assertThat(outcome.status()).isEqualTo(2);
        assertThat(outcome.err()).contains("alert");
    }
}
