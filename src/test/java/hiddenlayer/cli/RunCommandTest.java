package hiddenlayer.cli;

import static hiddenlayer.NotebookRows.TEST_ACCURACY;
import static hiddenlayer.NotebookRows.TRAIN_LOSS;
import static hiddenlayer.NotebookRows.VALID_ACCURACY;
import static hiddenlayer.NotebookRows.VALID_LOSS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import hiddenlayer.NotebookRows;
import hiddenlayer.report.CsvLog;
import hiddenlayer.report.EventFileReader;
import hiddenlayer.report.RunLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebook end to end. The expected row is the notebook's first printed row, published in
 * src/site/markdown/TF1_SEMANTICS.md section 6 (and 0.6603 for the collected update ops): {@link
 * NotebookRows}. Its cells come from TF 2.18's MatMul, reductions and Adam, whose last float32 bits
 * depend on the CPU's instruction set (oneDNN's kernel) and the thread count: each is checked within
 * one unit of the fourth decimal (section 8 measures which settings move which cell); the epoch and
 * the number of lines are exact.
 */
class RunCommandTest {

  @Test
  void firstRowIsTheNotebooksAndTheLastLineItsTestAccuracy(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("run.csv");
    Path json = dir.resolve("run.json");
    Path board = dir.resolve("tb");
    Cli r = Cli.run("run", "--epochs", "10", "--quiet", "--csv", csv.toString(),
        "--json", json.toString(), "--tensorboard", board.toString());
    assertEquals(0, r.exitCode(), r.err());
    // stdout is the notebook's output and nothing else: one row, then print(final_test_accuracy)
    assertEquals(2, r.outLines().length, r.out());
    NotebookRows.assertWithinOneUnit(NotebookRows.FIRST_ROW, r.outLines()[0]);
    NotebookRows.assertValueWithinOneUnit(NotebookRows.FIRST_ROW_TEST_ACCURACY, r.outLines()[1]);

    // The files hold the unrounded values: within half a unit of the printed cell, which is within
    // one unit of the notebook's, so within 1.5 units of it (a loss); an accuracy is a count of
    // images over 10000 test images, so it prints exactly and is within one unit.
    double[] row = NotebookRows.cells(NotebookRows.FIRST_ROW);
    RunLog log = CsvLog.read(csv);
    assertEquals(1, log.rows().size());
    assertEquals(row[TRAIN_LOSS], log.rows().get(0).trainLoss(), 1.5e-4);
    assertEquals(row[TEST_ACCURACY], log.rows().get(0).testAccuracy(), NotebookRows.ONE_UNIT);

    JsonObject summary = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertEquals(10, summary.get("stop_epoch").getAsInt());
    assertEquals(10, summary.get("best_valid_epoch").getAsInt());
    assertEquals(row[VALID_ACCURACY], summary.get("best_valid_accuracy").getAsDouble(),
        NotebookRows.ONE_UNIT);
    assertEquals("batch", summary.getAsJsonObject("options").get("norm").getAsString());

    Path events;
    try (Stream<Path> files = Files.list(board)) {
      events = files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents"))
          .findFirst().orElseThrow();
    }
    var scalars = EventFileReader.readScalars(events);
    assertEquals(6, scalars.size());
    for (var s : scalars) {
      assertEquals(10, s.step());
    }
    // float32 scalars: the same bounds, and 1e-6 for the float32 of an accuracy
    assertEquals(row[TRAIN_LOSS], value(scalars, "loss/train"), 1.5e-4);
    assertEquals(row[VALID_LOSS], value(scalars, "loss/valid"), 1.5e-4);
    assertEquals(row[TEST_ACCURACY], value(scalars, "accuracy/test"), 1e-4 + 1e-6);
  }

  @Test
  void collectedUpdateOpsChangeTheFirstRow() {
    Cli r = Cli.run("run", "--epochs", "10", "--quiet", "--bn-updates", "collected");
    assertEquals(0, r.exitCode(), r.err());
    // this project's 0.6603 from TF 2.18's kernels: within one unit (class comment)
    String[] cells = r.outLines()[0].split(" ");
    assertEquals("10", cells[0], r.out());
    NotebookRows.assertValueWithinOneUnit(NotebookRows.COLLECTED_FIRST_TRAIN_LOSS,
        cells[TRAIN_LOSS]);
    // and not the notebook's 0.8088: the update ops changed the run
    assertTrue(Math.abs(Double.parseDouble(cells[TRAIN_LOSS])
        - NotebookRows.cells(NotebookRows.FIRST_ROW)[TRAIN_LOSS]) > 0.1, r.out());
  }

  @Test
  void divergenceStopsWithExitOneAndNamesTheEpoch(@TempDir Path dir) {
    Cli r = Cli.run("run", "--lr", "1e38", "--epochs", "30", "--quiet");
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("diverged at epoch"), r.err());
    assertTrue(r.err().contains("--lr"), r.err());
    // the rows it printed stay in --csv and --json: StoppedRunTest
  }

  @Test
  void gpuWithoutGpuFailsWithOneLine() {
    Cli r = Cli.run("run", "--device", "gpu", "--quiet");
    assertEquals(1, r.exitCode());
    assertTrue(r.err().startsWith("error: --device gpu: TensorFlow finds no GPU"), r.err());
    assertTrue(r.err().contains("-Pgpu"), r.err());
    assertEquals("", r.out());
  }

  private static double value(List<EventFileReader.Scalar> scalars, String tag) {
    return scalars.stream().filter(s -> s.tag().equals(tag)).findFirst().orElseThrow().value();
  }
}
