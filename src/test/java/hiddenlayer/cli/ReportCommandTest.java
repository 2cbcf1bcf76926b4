package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.graph.BnUpdates;
import hiddenlayer.graph.Normalization;
import hiddenlayer.train.EvalRecord;
import hiddenlayer.train.NotebookRun;
import hiddenlayer.train.RunResult;
import hiddenlayer.train.TfRuntime;
import hiddenlayer.train.TrainConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code report} with a fake runner in place of TensorFlow. */
class ReportCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final List<TrainConfig> configs = new ArrayList<>();

  /** Final test accuracy per configuration, in report order. */
  private static final double[] TEST = {0.7403, 0.9187, 0.9112, 0.8954};

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    ReportCommand report = cli.getSubcommands().get("report").getCommand();
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
    return cli.execute(args);
  }

  @Test
  void runsTheFourConfigurationsAndWritesTheReport() throws Exception {
    Path rep = dir.resolve("rep");
    assertEquals(0, run("report", "--out", rep.toString(), "--epochs", "30", "--seed", "7"),
        err.toString());

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

    String table = out.toString();
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
    assertTrue(err.toString().contains("[8/8] no normalisation (norm=none) on TF 1.15 (Eigen)"),
        err.toString());

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
    assertEquals(0, run("report", "--out", dir.toString(), "--epochs", "10", "--quiet"));
    assertEquals("", err.toString());
  }

  @Test
  void outIsRequired() {
    assertEquals(2, run("report"));
    assertTrue(err.toString().startsWith("error: Missing required option: '--out=DIR'"),
        err.toString());
    assertTrue(configs.isEmpty());
  }

  @Test
  void outWithoutItsParentIsAUsageErrorBeforeAnyRun() {
    Path missing = dir.resolve("no/such/rep");
    assertEquals(2, run("report", "--out", missing.toString()));
    assertTrue(err.toString().startsWith("error: --out " + missing + ": parent directory "
        + dir.resolve("no/such") + " does not exist"), err.toString());
    assertTrue(configs.isEmpty());
  }

  @Test
  void outThatIsAFileIsAUsageError() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertEquals(2, run("report", "--out", file.toString()));
    assertTrue(err.toString().startsWith("error: --out " + file + ": is not a directory"),
        err.toString());
    assertTrue(configs.isEmpty());
  }

  @Test
  void normAndBnUpdatesAreFixedByTheReport() {
    assertEquals(2, run("report", "--out", dir.toString(), "--norm", "layer"));
    assertTrue(err.toString().startsWith("error: Unknown option"), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, run("report", "--out", dir.toString(), "--bn-updates", "collected"));
    assertTrue(err.toString().startsWith("error: Unknown option"), err.toString());
    assertTrue(configs.isEmpty());
  }

  @Test
  void runtimeIsFixedByTheReport() {
    assertEquals(2, run("report", "--out", dir.toString(), "--runtime", "tf1"));
    assertTrue(err.toString().startsWith("error: --runtime does not apply"), err.toString());
    assertTrue(configs.isEmpty());
  }

  @Test
  void badRunOptionIsAUsageErrorNamingIt() {
    assertEquals(2, run("report", "--out", dir.toString(), "--epochs", "0"));
    assertTrue(err.toString().startsWith("error: --epochs must be at least 1"), err.toString());
    assertTrue(configs.isEmpty());
  }
}
