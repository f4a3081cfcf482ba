package dev.pedigree.connectors.dvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.events.RunEvent;
import dev.pedigree.events.RunState;
import dev.pedigree.schema.ContentHash;
import dev.pedigree.schema.EventValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DvcLockImporterTest {

    @TempDir
    Path repo;

    private static final String LOCK = """
            schema: '2.0'
            stages:
              prepare:
                cmd: python src/prepare.py data/data.xml
                deps:
                - path: data/data.xml
                  md5: 22a1a2931c8370d3aeedd7183606fd7f
                  size: 14445097
                - path: src/prepare.py
                  hash: md5
                  md5: f09ea0c15980b43010257ccb9f0055e2
                  size: 1576
                params:
                  params.yaml:
                    prepare.seed: 20170428
                    prepare.split: 0.2
                outs:
                - path: data/prepared
                  md5: 153aad06d376b6595932470e459ef42a.dir
                  size: 8437363
                  nfiles: 2
              train:
                cmd:
                - python src/train.py data/prepared model.pkl
                deps:
                - path: data/prepared
                  md5: 153aad06d376b6595932470e459ef42a.dir
                params:
                  params.yaml:
                    train:
                      n_est: 50
                      seed: 20170428
                outs:
                - path: model.pkl
                  md5: 8d2e2e4e1c3d6c12a9a0a8d6f1e1e2b3
            """;

    @Test
    void eachStageBecomesACompletedRunWithHashesFromTheFilesPresent() throws Exception {
        Files.createDirectories(repo.resolve("data/prepared"));
        Files.writeString(repo.resolve("data/data.xml"), "<posts/>");
        Files.writeString(repo.resolve("data/prepared/train.tsv"), "a\tb\n");
        Path lock = Files.writeString(repo.resolve("dvc.lock"), LOCK);

        List<RunEvent> runs = DvcLockImporter.read(lock);

        assertThat(runs).extracting(r -> r.getJob().getName()).containsExactly("prepare", "train");
        RunEvent prepare = runs.get(0);
        EventValidator.validate(prepare);
        assertThat(prepare.getState()).isEqualTo(RunState.COMPLETE);
        assertThat(prepare.getJob().getNamespace()).isEqualTo("dvc://" + repo.toAbsolutePath().normalize());
        assertThat(prepare.getInputs().get(0).getDataset().getName()).isEqualTo("data/data.xml");
        assertThat(prepare.getInputs().get(0).getContentHash()).isEqualTo(ContentHash.ofUtf8("<posts/>"));
        assertThat(prepare.getInputs().get(1).getContentHash()).as("src/prepare.py is absent").isNull();
        assertThat(prepare.getParameters()).containsEntry("prepare.seed", "20170428").containsEntry("prepare.split", "0.2");
        assertThat(prepare.getFacets()).containsEntry("dvc.cmd", "python src/prepare.py data/data.xml")
                .containsEntry("dvc.md5.data/prepared", "153aad06d376b6595932470e459ef42a.dir");
        // The output of prepare is the input of train, at the same content hash.
        assertThat(runs.get(1).getInputs().get(0).getContentHash())
                .isEqualTo(prepare.getOutputs().get(0).getContentHash()).isNotNull();
        assertThat(runs.get(1).getParameters()).containsEntry("train.n_est", "50");
        assertThat(DvcLockImporter.read(lock).get(0).getRunId()).as("re-import is idempotent")
                .isEqualTo(prepare.getRunId());
    }

    @Test
    void aFileThatIsNotALockIsAClearError() throws Exception {
        Path notLock = Files.writeString(repo.resolve("dvc.lock"), "hello: world\n");
        assertThatThrownBy(() -> DvcLockImporter.read(notLock)).hasMessageContaining("not a dvc.lock");
    }
}
