package dev.pedigree.cli;

import dev.pedigree.connectors.dvc.DvcLockImporter;
import dev.pedigree.events.RunEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code pedigree import}: brings lineage recorded by other tools. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Import lineage recorded by other tools.",
        subcommands = ImportCommand.Dvc.class)
final class ImportCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "dvc", mixinStandardHelpOptions = true,
            description = "Publish one completed run per stage of a dvc.lock (deps as inputs, outs as outputs, "
                    + "params as parameters; content hashes computed from the files present).")
    static final class Dvc implements Callable<Integer> {

        @Mixin
        private PublishOptions publishing;

        @Parameters(paramLabel = "PATH/dvc.lock")
        private Path lockFile;


        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            List<RunEvent> runs = DvcLockImporter.read(lockFile);
            if (!publishing.publish(spec, emitter -> runs.forEach(emitter::runCompleted))) {
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            for (RunEvent run : runs) {
                long hashed = run.getInputs().stream().filter(d -> d.getContentHash() != null).count()
                        + run.getOutputs().stream().filter(d -> d.getContentHash() != null).count();
                out.printf("imported stage %-20s run %s: %d in, %d out (%d hashed), %d parameters%n",
                        run.getJob().getName(), run.getRunId(), run.getInputs().size(), run.getOutputs().size(),
                        hashed, run.getParameters().size());
            }
            return 0;
        }
    }
}
