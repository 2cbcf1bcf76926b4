package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hiddenlayer.ChildJvm;
import hiddenlayer.NotebookRows;
import hiddenlayer.tf1.checkpoint.BundleFiles;
import hiddenlayer.tf1.checkpoint.CheckpointNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Saver's {@code save/} ops run by TF 1.15.0's own kernels ({@code --runtime tf1}): they
 * write the checkpoint TF 1.15's {@code SaveV2} writes, and restore one TF 2.18 wrote.
 */
@ChildJvm
class Tf115CheckpointTest {
  @Test
  void tf115WritesTheInitialCheckpointBitForBitAsTf218(@TempDir Path dir) throws IOException {
    Path a = dir.resolve("tf115");
    Path b = dir.resolve("tf218");
    assertEquals(0, Cli.run("run", "--runtime", "tf1", "--epochs", "1", "--quiet",
        "--save-checkpoint", a.toString()).exitCode());
    assertEquals(0, Cli.run("run", "--epochs", "1", "--quiet",
        "--save-checkpoint", b.toString()).exitCode());
    BundleFiles.Bundle bundle = BundleFiles.read(Path.of(a + "-0"));
    assertEquals(new TreeSet<>(CheckpointNames.notebook("batch").keySet()),
        new TreeSet<>(bundle.tensors().keySet()));
    // TruncatedNormal(2020, 5) x float32 sqrt(2/784), src/site/markdown/TF1_SEMANTICS.md section 2:
    // exact on any machine and on either runtime, TF's Philox generator being counter-based
    assertArrayEquals(Arrays.copyOf(NotebookRows.initialVariableHead(), 3),
        Arrays.copyOf(bundle.tensors().get("Variable").asFloats(), 3), 0f);
    Cli diff = Cli.run("checkpoint", "diff", a + "-0", b + "-0");
    assertEquals(0, diff.exitCode(), diff.out());
    // the very same files: what TF 1.15's Saver writes is what the TF 2.18 run writes. Exact on
    // any machine: the same initial tensors (Philox, above; constants) written by SaveV2, whose
    // bytes depend on the tensors and names only
    assertArrayEquals(Files.readAllBytes(BundleFiles.indexFile(Path.of(a + "-0"))),
        Files.readAllBytes(BundleFiles.indexFile(Path.of(b + "-0"))));
    assertArrayEquals(Files.readAllBytes(BundleFiles.dataFile(Path.of(a + "-0"))),
        Files.readAllBytes(BundleFiles.dataFile(Path.of(b + "-0"))));
  }

  @Test
  void tf115RestoresATf218CheckpointAndSavesItBackUnchanged(@TempDir Path dir) {
    Path b = dir.resolve("tf218");
    Path c = dir.resolve("tf115");
    assertEquals(0, Cli.run("run", "--epochs", "10", "--quiet",
        "--save-checkpoint", b.toString()).exitCode());
    // restored at epoch 10 with --epochs 10: no step runs, the first save is c-10
    Cli r = Cli.run("run", "--runtime", "tf1", "--epochs", "10", "--quiet",
        "--restore-checkpoint", b + "-10", "--save-checkpoint", c.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(List.of("0.0"), List.of(r.outLines()));
    Cli diff = Cli.run("checkpoint", "diff", b + "-10", c + "-10");
    assertEquals(0, diff.exitCode(), diff.out());
  }
}
