package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.graph.BnUpdates;
import hiddenlayer.graph.Normalization;
import hiddenlayer.train.EvalRecord;
import hiddenlayer.train.NotebookRun;
import hiddenlayer.train.RunResult;
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
      int i = configs.size();
      configs.add(config);
      List<EvalRecord> rows = new ArrayList<>();
      for (int e = config.evalEvery(); e <= config.epochs(); e += config.evalEvery()) {
        listener.onEpoch(e);
        EvalRecord row = new EvalRecord(e, 0.5, 0.6, 0.6, 0.9, 0.85 + i / 100.0,
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

    assertEquals(4, configs.size());
    assertEquals(List.of(Normalization.BATCH, Normalization.BATCH, Normalization.LAYER,
        Normalization.NONE), configs.stream().map(c -> c.graph().normalization()).toList());
    assertEquals(BnUpdates.KERAS, configs.get(0).graph().bnUpdates());
    assertEquals(BnUpdates.COLLECTED, configs.get(1).graph().bnUpdates());
    assertTrue(configs.stream().allMatch(c -> c.epochs() == 30 && c.graph().seed() == 7));

    String table = out.toString();
    List<String> lines = table.lines().toList();
    assertEquals(5, lines.size(), table);
    assertTrue(lines.get(1).matches("BN as run \\(keras\\) +30 +30 +0\\.8500 +0\\.7403 +1\\.6"),
        table);
    assertTrue(lines.get(2).matches("BN updates collected +30 +30 +0\\.8600 "
        + "+0\\.9187 +3\\.2"), table);
    assertTrue(lines.get(4).matches("none +30 +30 +0\\.8800 +0\\.8954 +6\\.4"),
        table);
    assertFalse(table.contains("[1/4]"), "progress belongs on stderr");
    assertTrue(err.toString().contains("[4/4] no normalisation"), err.toString());

    String md = Files.readString(rep.resolve("report.md"));
    assertTrue(md.contains("| BN with the update ops collected | 30 | 30 | 0.8600 | 0.9187 "
        + "| 3.2 |"), md);
    assertTrue(md.contains("a final test accuracy of 0.9187, 17.84 percentage points higher"),
        md);
    assertTrue(md.contains("seed 7"), md);
    assertEquals(1200, ImageIO.read(rep.resolve("curves.png").toFile()).getWidth());
    for (String csv : List.of("batch-keras", "batch-collected", "layer", "none")) {
      assertEquals(4, Files.readAllLines(rep.resolve(csv + ".csv")).size(), csv);
    }
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
  void badRunOptionIsAUsageErrorNamingIt() {
    assertEquals(2, run("report", "--out", dir.toString(), "--epochs", "0"));
    assertTrue(err.toString().startsWith("error: --epochs must be at least 1"), err.toString());
    assertTrue(configs.isEmpty());
  }
}
