package dev.pedigree.cli;

import dev.pedigree.runtime.BuildInfo;
import dev.pedigree.server.LocalCluster;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pedigree} command line: one subcommand per job. This is the production entry point (the container
 * image's): {@code serve}, {@code emit}, {@code import}, {@code alerts}, {@code audit}. The development launcher
 * ({@code processor/launcher}, run by {@code ./pedigree}) adds the embedded runtime behind {@code serve --embedded}
 * and the {@code demo} command through {@link #commandLine(LocalCluster.Factory, Object...)}.
 */
@Command(name = "pedigree", mixinStandardHelpOptions = true, versionProvider = PedigreeCli.Version.class,
        description = "A streaming lineage processor: a flight recorder for ML pipelines.")
public final class PedigreeCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The production command line, for {@link #main} and tests. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line with a local cluster for {@code serve --embedded} ({@code null}: none) and more commands
     * (listed first).
     */
    public static CommandLine commandLine(LocalCluster.Factory localClusters, Object... moreCommands) {
        CommandLine commandLine = new CommandLine(new PedigreeCli());
        for (Object command : moreCommands) {
            commandLine.addSubcommand(command);
        }
        commandLine.addSubcommand(new ServeCommand(localClusters));
        commandLine.addSubcommand(new EmitCommand());
        commandLine.addSubcommand(new ImportCommand());
        commandLine.addSubcommand(new AlertsCommand());
        commandLine.addSubcommand(new AuditCommand());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getColorScheme().errorText("pedigree " + cmd.getCommandName() + ": "
                    + describe(e)));
            return 1;
        });
        return commandLine;
    }

    /** An error's message and, after it, each cause's that says more (e.g. RocksDB's reason under Kafka Streams'). */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(error.getMessage() != null ? error.getMessage() : error.toString());
        for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && !text.toString().contains(message)) {
                text.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(message).append(')');
            }
        }
        return text.toString();
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
