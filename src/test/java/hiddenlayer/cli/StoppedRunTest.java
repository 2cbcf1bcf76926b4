package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import hiddenlayer.ChildJvm;
import hiddenlayer.report.CsvLog;
import hiddenlayer.report.RunLog;
import hiddenlayer.report.TensorBoardLog;
import hiddenlayer.report.TextLog;
import hiddenlayer.tf115.Tf115Runtime;
import hiddenlayer.train.EvalRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.exceptions.TFResourceExhaustedException;
import picocli.CommandLine;

/**
 * A run that ends before its last epoch keeps the rows it printed in {@code --csv} and {@code
 * --json}, each file whole, and the JSON says why and where it stopped.
 */
class StoppedRunTest {
  /** TF 2.18's message for a full disk under the summary writer (its first lines). */
  private static final String NO_SPACE = "/d/.tb.1/events.out.tfevents.1.vm.2.0.v2; No space "
      + "left on device\n\tFailed to flush 1 events to /d/.tb.1/events.out.tfevents.1.vm.2.0.v2\n"
      + "\t [[{{node WriteScalarSummary}}]]\nHint: If you want to see a list of allocated "
      + "tensors when OOM happens, add report_tensor_allocations_upon_oom to RunOptions.";

  @Test
  void aDivergedRunKeepsItsRowsAndSaysWhereItDiverged(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("run.csv");
    Path json = dir.resolve("run.json");
    Cli r = Cli.run("run", "--lr", "1e38", "--epochs", "30", "--quiet", "--csv", csv.toString(),
        "--json", json.toString());
    assertEquals(1, r.exitCode(), r.out() + r.err());
    // stderr as before: one line naming the epoch and the option
    assertEquals("error: the loss diverged at epoch 10 (train loss NaN); try a smaller --lr "
        + "than 1.0E38\n", r.err());
    List<EvalRecord> printed = TextLog.parse(r.out(), "stdout").rows();
    assertEquals(List.of(10), printed.stream().map(EvalRecord::epoch).toList());
    assertTrue(Double.isNaN(printed.get(0).trainLoss()));
    assertSameRows(printed, CsvLog.read(csv).rows());
    JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    JsonObject stopped = o.getAsJsonObject("stopped");
    assertEquals("diverged", stopped.get("reason").getAsString());
    assertEquals(10, stopped.get("epoch").getAsInt());
    assertEquals(10, o.get("stop_epoch").getAsInt());
    assertEquals(1, o.get("eval_rows").getAsInt());
    assertTrue(o.getAsJsonObject("wall_time_ms").get("total").getAsDouble() > 0);
    assertTrue(o.getAsJsonObject("wall_time_ms").get("train").isJsonNull());
    assertNoTemporaryFiles(dir);
  }

  @Test
  void aFinishedRunsJsonHasNoStoppedKey(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("run.json");
    Cli r = Cli.run("run", "--epochs", "10", "--quiet", "--json", json.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertFalse(o.has("stopped"));
    assertFalse(o.getAsJsonObject("wall_time_ms").get("train").isJsonNull());
  }

  @Test
  void aDiskFullAtTheStartOfTheTensorBoardLogIsOneLine(@TempDir Path dir) {
    Path board = dir.resolve("tb");
    Path csv = dir.resolve("run.csv");
    Cli r = Cli.run(cli -> failTensorBoardStep(cli, 1), "run", "--epochs", "20", "--quiet",
        "--tensorboard", board.toString(), "--csv", csv.toString());
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertEquals("error: --tensorboard " + board + ": cannot create the event file (No space "
        + "left on device)\n", r.err());
    assertEquals("", r.out());
    assertFalse(Files.exists(csv), "the run never started");
    assertFalse(Files.exists(board));
    assertNoTemporaryFiles(dir);
  }

  @Test
  void aDiskFullDuringTheRunIsOneLineAndKeepsTheRows(@TempDir Path dir) throws IOException {
    Path board = dir.resolve("tb");
    Path csv = dir.resolve("run.csv");
    Path json = dir.resolve("run.json");
    // steps: 1 create, 2 the graph, 3-8 the six scalars of epoch 10, 9 the first of epoch 20
    Cli r = Cli.run(cli -> failTensorBoardStep(cli, 9), "run", "--epochs", "30", "--quiet",
        "--tensorboard", board.toString(), "--csv", csv.toString(), "--json", json.toString());
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertEquals("error: --tensorboard " + board + ": cannot write the event file (No space "
        + "left on device)\n", r.err());
    List<EvalRecord> printed = TextLog.parse(r.out(), "stdout").rows();
    assertEquals(List.of(10, 20), printed.stream().map(EvalRecord::epoch).toList());
    assertSameRows(printed, CsvLog.read(csv).rows());
    JsonObject stopped = JsonParser.parseString(Files.readString(json)).getAsJsonObject()
        .getAsJsonObject("stopped");
    assertEquals("failed", stopped.get("reason").getAsString());
    assertEquals(20, stopped.get("epoch").getAsInt());
    assertEquals(r.err().strip(), "error: " + stopped.get("error").getAsString());
    assertFalse(Files.exists(board), "no half a run in the log directory");
    assertNoTemporaryFiles(dir);
  }

  @Test
  @ChildJvm
  void sigtermKeepsTheRowsPrintedSoFar(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("run.csv");
    Path json = dir.resolve("run.json");
    List<String> command = new ArrayList<>(List.of(Tf115Runtime.javaLauncher().toString(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "run", "--quiet",
        "--epochs", "100000", "--patience", "100000", "--csv", csv.toString(),
        "--json", json.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = pb.start();
    List<String> out = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String first = reader.readLine();
      assertNotNull(first, "no row before the process ended");
      out.add(first);
      p.destroy(); // SIGTERM (and closes our end of its stdout)
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running after SIGTERM");
    } finally {
      p.destroyForcibly();
    }
    assertEquals(143, p.exitValue(), "128 + SIGTERM");
    List<EvalRecord> printed = TextLog.parse(String.join("\n", out), "stdout").rows();
    List<EvalRecord> kept = CsvLog.read(csv).rows();
    // the row seen is kept (rows printed after it, before the signal landed, may follow)
    assertSameRows(printed, kept.subList(0, 1));
    JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertEquals("terminated", o.getAsJsonObject("stopped").get("reason").getAsString());
    assertTrue(o.getAsJsonObject("stopped").get("epoch").getAsInt() >= 10);
    assertEquals(kept.size(), o.get("eval_rows").getAsInt());
  }

  /** The run's --tensorboard log throws a full disk's exception at its {@code n}th TF step. */
  private static void failTensorBoardStep(CommandLine cli, int n) {
    RunCommand run = cli.getSubcommands().get("run").getCommand();
    AtomicInteger steps = new AtomicInteger();
    run.tensorBoards = (dir, config) -> new TensorBoardLog(dir, config, runner -> {
      if (steps.incrementAndGet() == n) {
        throw new TFResourceExhaustedException(NO_SPACE);
      }
      runner.run().close();
    });
  }

  /** Rows as printed (4 decimals) against rows kept at full precision. */
  private static void assertSameRows(List<EvalRecord> printed, List<EvalRecord> kept) {
    assertEquals(printed.size(), kept.size(), printed + " vs " + kept);
    for (int i = 0; i < printed.size(); i++) {
      assertEquals(printed.get(i).epoch(), kept.get(i).epoch());
      double[] a = printed.get(i).metrics();
      double[] b = kept.get(i).metrics();
      for (int m = 0; m < a.length; m++) {
        assertEquals(a[m], b[m], 0.00005, "row " + i + " metric " + m);
      }
    }
  }

  private static void assertNoTemporaryFiles(Path dir) {
    try (var files = Files.list(dir)) {
      List<String> names = files.map(f -> f.getFileName().toString()).toList();
      assertTrue(names.stream().noneMatch(n -> n.startsWith(".") || n.endsWith(".tmp")),
          names.toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
