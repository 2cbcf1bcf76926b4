package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.ChildJvm;
import hiddenlayer.NotebookRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints across the runtimes: one runtime trains 10 epochs and saves, the other restores and
 * trains on to epoch 20. The notebook printed {@code 20 0.5821 1.0546 0.9960 0.7720 0.6800
 * 0.6995} (README's table); TF 1.15 alone prints that row, or 0.5822 for 0.5821 with {@code
 * --gradients registry}, on the machine of src/site/markdown/TF1_SEMANTICS.md section 9; a run
 * handed over at epoch 10 must print it within one unit of the last digit. A restore that did not
 * take would start again from the initial weights and print epoch 10's values (0.8088, ...) at
 * "epoch 20". The rows: {@link NotebookRows}.
 */
@ChildJvm
class CrossRuntimeCheckpointTest {
  private static void assertNotebookRow20(Cli r) {
    assertEquals(2, r.outLines().length, r.out());
    assertWithinOneUnit(NotebookRows.ROW_20, r);
  }

  /** The first line of {@code r}'s stdout is {@code notebookRow}, each cell within one unit. */
  private static void assertWithinOneUnit(String notebookRow, Cli r) {
    assertEquals(0, r.exitCode(), r.err());
    NotebookRows.assertWithinOneUnit(notebookRow, r.outLines()[0]);
  }

  /**
   * {@code evaluate --runtime tf1} of a TF 2.18 checkpoint at epoch 10: the notebook's first row
   * (src/site/markdown/TF1_SEMANTICS.md section 6), within one unit, from TF 1.15's kernels.
   */
  @Test
  void tf115EvaluatesATf218Checkpoint(@TempDir Path dir) {
    String saved = dir.resolve("tf218").toString();
    assertEquals(0, Cli.run("run", "--epochs", "10", "--quiet",
        "--save-checkpoint", saved).exitCode());
    Cli r = Cli.run("evaluate", saved + "-10", "--runtime", "tf1");
    assertEquals(1, r.outLines().length, r.out());
    assertWithinOneUnit(NotebookRows.FIRST_ROW, r);
  }

  @Test
  void aTf115CheckpointGoesOnOnTf218(@TempDir Path dir) {
    String saved = dir.resolve("tf115").toString();
    assertEquals(0, Cli.run("run", "--runtime", "tf1", "--epochs", "10", "--quiet",
        "--save-checkpoint", saved).exitCode());
    assertNotebookRow20(Cli.run("run", "--epochs", "20", "--quiet",
        "--restore-checkpoint", saved + "-10"));
  }

  @Test
  void aTf218CheckpointGoesOnOnTf115(@TempDir Path dir) {
    String saved = dir.resolve("tf218").toString();
    assertEquals(0, Cli.run("run", "--epochs", "10", "--quiet",
        "--save-checkpoint", saved).exitCode());
    assertNotebookRow20(Cli.run("run", "--runtime", "tf1", "--epochs", "20", "--quiet",
        "--restore-checkpoint", saved + "-10"));
  }

  /**
   * {@code checkpoint diff} of the two runtimes after 10 epochs from the same initial weights.
   * Exact in both: {@code beta1_power} and {@code beta2_power} (0.9^10 and 0.999^10, the same
   * float32 multiplications on either) and the moving statistics, which the notebook's keras BN
   * never updates (src/site/markdown/TF1_SEMANTICS.md section 3). Not exact: the weights, whose
   * gradients come from differently ordered sums (the printed cells differ by epoch 20). But each
   * run moved a variable by at most 10 Adam steps, and an Adam step is at most lr (1 - beta1) /
   * sqrt(1 - beta2) = 3.17 lr when 1 - beta1 > sqrt(1 - beta2) (Kingma and Ba, section 2.1): the
   * two are within 2 x 10 x 3.17 x 0.001 = 0.064.
   */
  @Test
  void checkpointDiffShowsHowFarTheRuntimesDrift(@TempDir Path dir) throws Exception {
    Path a = Files.createDirectory(dir.resolve("a")).resolve("c");
    Path b = Files.createDirectory(dir.resolve("b")).resolve("c");
    assertEquals(0, Cli.run("run", "--epochs", "10", "--quiet",
        "--save-checkpoint", a.toString()).exitCode());
    assertEquals(0, Cli.run("run", "--runtime", "tf1", "--epochs", "10", "--quiet",
        "--save-checkpoint", b.toString()).exitCode());
    Cli exact = Cli.run("checkpoint", "diff", a + "-10", b + "-10");
    assertEquals(1, exact.exitCode(), exact.out() + exact.err());
    List<String> lines = exact.out().lines().toList();
    for (String exactVariable : List.of("beta1_power", "beta2_power",
        "batch_normalization/moving_mean", "batch_normalization_1/moving_variance")) {
      String line = lines.stream().filter(l -> l.startsWith(exactVariable + " ")).findFirst()
          .orElseThrow(() -> new AssertionError(exactVariable + " not listed: " + exact.out()));
      assertTrue(line.endsWith(" ok"), line);
    }
    String w1 = lines.stream().filter(l -> l.startsWith("Variable ")).findFirst().orElseThrow();
    assertTrue(w1.endsWith(" DIFFERS"), w1);
    Cli bounded = Cli.run("checkpoint", "diff", a + "-10", b + "-10", "--tolerance", "0.064");
    assertEquals(0, bounded.exitCode(), bounded.out() + bounded.err());
  }
}
