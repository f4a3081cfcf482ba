package dev.pedigree.cli;

import dev.pedigree.runtime.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pedigree} command line: one launcher, one subcommand per job. */
@Command(name = "pedigree", mixinStandardHelpOptions = true, versionProvider = PedigreeCli.Version.class,
        description = "A streaming lineage processor: a flight recorder for ML pipelines.",
        subcommands = {DemoCommand.class, ServeCommand.class, EmitCommand.class, ImportCommand.class,
            AlertsCommand.class})
public final class PedigreeCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for {@link #main} and tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new PedigreeCli());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getColorScheme().errorText("pedigree " + cmd.getCommandName() + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.toString())));
            return 1;
        });
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints the versions the build fixed. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pedigree " + BuildInfo.pedigreeVersion() + " (Kafka " + BuildInfo.kafkaVersion()
                    + ", Apicurio Registry " + BuildInfo.apicurioVersion() + ")"};
        }
    }
}
