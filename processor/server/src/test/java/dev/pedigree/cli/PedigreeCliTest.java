package dev.pedigree.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PedigreeCliTest {

    @TempDir
    Path folder;

    @Test
    void productionHelpListsTheProductionCommandsOnly() {
        StringWriter out = new StringWriter();
        CommandLine cli = PedigreeCli.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("serve").contains("emit").contains("import").contains("alerts")
                .doesNotContain("demo");
    }

    @Test
    void serveEmbeddedWithoutTheEmbeddedRuntimeSaysWhereItIs() throws IOException {
        Path config = folder.resolve("pedigree.properties");
        Files.writeString(config, "pedigree.home=" + folder.resolve("home"));
        StringWriter err = new StringWriter();
        CommandLine cli = PedigreeCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int status = cli.execute("serve", "--embedded", "--config", config.toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("pedigree serve: --embedded needs the development launcher")
                .doesNotContain("Exception");
    }

    @Test
    void moreCommandsAreListedBeforeTheProductionOnes() {
        @CommandLine.Command(name = "extra", description = "an extra command")
        class Extra implements Runnable {
            @Override
            public void run() {
            }
        }
        StringWriter out = new StringWriter();
        CommandLine cli = PedigreeCli.commandLine(home -> {
            throw new AssertionError("not started by --help");
        }, new Extra());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString().indexOf("extra")).isPositive().isLessThan(out.toString().indexOf("serve"));
    }

    @Test
    void versionNamesKafkaAndTheRegistry() {
        StringWriter out = new StringWriter();
        CommandLine cli = PedigreeCli.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--version")).isZero();
        assertThat(out.toString()).contains("Kafka 4.4").contains("Apicurio Registry 3.0.9");
    }

    @Test
    void serveWithoutAnyConnectionSaysWhatToSetWithoutAStackTrace() throws IOException {
        Path config = folder.resolve("pedigree.properties");
        Files.writeString(config, "pedigree.home=" + folder.resolve("empty-home"));
        StringWriter err = new StringWriter();
        CommandLine cli = PedigreeCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int status = cli.execute("serve", "--config", config.toString());

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("pedigree serve: No Kafka cluster or schema registry configured")
                .doesNotContain("Exception");
    }
}
