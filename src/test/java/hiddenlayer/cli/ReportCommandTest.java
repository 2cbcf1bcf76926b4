package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.NotebookRows;
import hiddenlayer.graph.BnUpdates;
import hiddenlayer.graph.Normalization;
import hiddenlayer.train.EvalRecord;
import hiddenlayer.train.NotebookRun;
import hiddenlayer.train.RunResult;
import hiddenlayer.train.TfRuntime;
import hiddenlayer.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report} with a fake runner in place of TensorFlow. */
class ReportCommandTest {
  @TempDir Path dir;

  private final List<TrainConfig> configs = new ArrayList<>();

  /** Final test accuracy per configuration, in report order: the first the notebook's. */
  private static final double[] TEST = {NotebookRows.FINAL_TEST_ACCURACY, 0.9187, 0.9112,
      0.8954};

  /** The command line with {@code report}'s runner faked: each run is recorded in configs. */
  private Cli run(String... args) {
    return Cli.run(cli -> fakeRunner(cli.getSubcommands().get("report").getCommand()), args);
  }

  private void fakeRunner(ReportCommand report) {
    report.runner = (config, data, listener) -> {
      int i = configs.size() / 2;
      boolean tf1 = config.runtime() == TfRuntime.TF1;
      configs.add(config);
      List<EvalRecord> rows = new ArrayList<>();
      for (int e = config.evalEvery(); e <= config.epochs(); e += config.evalEvery()) {
        listener.onEpoch(e);
        // on TF 1.15, configuration i prints a train loss one unit higher in its first i rows
        double trainLoss = tf1 && e / config.evalEvery() <= i ? 0.5001 : 0.5;
        EvalRecord row = new EvalRecord(e, trainLoss, 0.6, 0.6, 0.9, 0.85 + i / 100.0,
            TEST[i] * e / config.epochs());
        rows.add(row);
        listener.onEval(row);
      }
      RunResult r = new RunResult(rows, config.epochs(), config.epochs(), 0.85 + i / 100.0,
          TEST[i], new RunResult.Timings(1, 1, 1, 1));
      return new NotebookRun.Outcome(r,
          new NotebookRun.Phases(800, 100, 1, 1, 1000 * (i + 1), 1, 800 + 1600 * (i + 1)));
    };
  }

  @Test
  void runsTheFourConfigurationsAndWritesTheReport() throws Exception {
    Path rep = dir.resolve("rep");
    Cli r = run("report", "--out", rep.toString(), "--epochs", "30", "--seed", "7");
    assertEquals(0, r.exitCode(), r.err());

    assertEquals(8, configs.size());
    assertEquals(List.of(Normalization.BATCH, Normalization.BATCH, Normalization.BATCH,
        Normalization.BATCH, Normalization.LAYER, Normalization.LAYER, Normalization.NONE,
        Normalization.NONE), configs.stream().map(c -> c.graph().normalization()).toList());
    assertEquals(List.of(TfRuntime.TF2, TfRuntime.TF1, TfRuntime.TF2, TfRuntime.TF1,
        TfRuntime.TF2, TfRuntime.TF1, TfRuntime.TF2, TfRuntime.TF1),
        configs.stream().map(TrainConfig::runtime).toList());
    assertEquals(BnUpdates.KERAS, configs.get(1).graph().bnUpdates());
    assertEquals(BnUpdates.COLLECTED, configs.get(2).graph().bnUpdates());
    assertTrue(configs.stream().allMatch(c -> c.epochs() == 30 && c.graph().seed() == 7));

    String table = r.out();
    List<String> lines = table.lines().toList();
    assertEquals(11, lines.size(), table);
    assertTrue(lines.get(1).matches("BN as run \\(keras\\) +30 +30 +0\\.8500 +0\\.7403 +1\\.6"),
        table);
    assertTrue(lines.get(2).matches("BN updates collected +30 +30 +0\\.8600 "
        + "+0\\.9187 +3\\.2"), table);
    assertTrue(lines.get(4).matches("none +30 +30 +0\\.8800 +0\\.8954 +6\\.4"),
        table);
    assertEquals("", lines.get(5));
    assertTrue(lines.get(6).startsWith("on TF 1.15 (Eigen)"), table);
    assertTrue(lines.get(6).endsWith("cells unlike TF 2.18"), table);
    // 3 evaluations of 6 cells each; configuration i differs in i train losses
    assertTrue(lines.get(7).matches("BN as run \\(keras\\) +30 +30 +0\\.8500 +0\\.7403 +1\\.6"
        + " +0 of 18"), table);
    assertTrue(lines.get(10).matches("none +30 +30 +0\\.8800 +0\\.8954 +6\\.4 +3 of 18"),
        table);
    assertFalse(table.contains("[1/8]"), "progress belongs on stderr");
    assertTrue(r.err().contains("[8/8] no normalisation (norm=none) on TF 1.15 (Eigen)"),
        r.err());

    String md = Files.readString(rep.resolve("report.md"));
    assertTrue(md.contains("| BN with the update ops collected | 30 | 30 | 0.8600 | 0.9187 "
        + "| 3.2 |"), md);
    assertTrue(md.contains("a final test accuracy of 0.9187, 17.84 percentage points higher"),
        md);
    assertTrue(md.contains("seed 7"), md);
    assertEquals(1200, ImageIO.read(rep.resolve("curves.png").toFile()).getWidth());
    for (String csv : List.of("batch-keras", "batch-collected", "layer", "none")) {
      assertEquals(4, Files.readAllLines(rep.resolve(csv + ".csv")).size(), csv);
      assertEquals(4, Files.readAllLines(rep.resolve(csv + "-tf1.csv")).size(), csv);
    }
    assertTrue(md.contains("## TF 1.15 (Eigen) against TF 2.18 (oneDNN)"), md);
    assertTrue(md.contains("**BN as the notebook ran it (keras: no update ops)**: every printed "
        + "cell equal"), md);
    assertTrue(md.contains("**LN (layer norm)**: 2 of 18 cells differ: epoch 10 train_loss "
        + "0.5000 (TF 2.18) / 0.5001 (TF 1.15); epoch 20 train_loss 0.5000 (TF 2.18) / 0.5001 "
        + "(TF 1.15)."), md);
  }

  @Test
  void quietPrintsNothingOnStderr() {
    Cli r = run("report", "--out", dir.toString(), "--epochs", "10", "--quiet");
    assertEquals(0, r.exitCode());
    assertEquals("", r.err());
  }

  @Test
  void outIsRequired() {
    Cli r = run("report");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: Missing required option: '--out=DIR'"), r.err());
    assertTrue(configs.isEmpty());
  }

  @Test
  void outWithoutItsParentIsAUsageErrorBeforeAnyRun() {
    Path missing = dir.resolve("no/such/rep");
    Cli r = run("report", "--out", missing.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: --out " + missing + ": parent directory "
        + dir.resolve("no/such") + " does not exist"), r.err());
    assertTrue(configs.isEmpty());
  }

  @Test
  void outThatIsAFileIsAUsageError() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    Cli r = run("report", "--out", file.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: --out " + file + ": is not a directory"), r.err());
    assertTrue(configs.isEmpty());
  }

  @Test
  void normAndBnUpdatesAreFixedByTheReport() {
    Cli norm = run("report", "--out", dir.toString(), "--norm", "layer");
    assertEquals(2, norm.exitCode());
    assertTrue(norm.err().startsWith("error: Unknown option"), norm.err());
    Cli bnUpdates = run("report", "--out", dir.toString(), "--bn-updates", "collected");
    assertEquals(2, bnUpdates.exitCode());
    assertTrue(bnUpdates.err().startsWith("error: Unknown option"), bnUpdates.err());
    assertTrue(configs.isEmpty());
  }

  @Test
  void runtimeIsFixedByTheReport() {
    Cli r = run("report", "--out", dir.toString(), "--runtime", "tf1");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: --runtime does not apply"), r.err());
    assertTrue(configs.isEmpty());
  }

  @Test
  void badRunOptionIsAUsageErrorNamingIt() {
    Cli r = run("report", "--out", dir.toString(), "--epochs", "0");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: --epochs must be at least 1"), r.err());
    assertTrue(configs.isEmpty());
  }
}
