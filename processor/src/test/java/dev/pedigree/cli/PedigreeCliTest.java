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
    void helpListsTheCommands() {
        StringWriter out = new StringWriter();
        CommandLine cli = PedigreeCli.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("demo").contains("serve");
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
