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
 * NotebookRows}.
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
    assertEquals(List.of(NotebookRows.FIRST_ROW, NotebookRows.FIRST_ROW_TEST_ACCURACY),
        List.of(r.outLines()));

    double[] row = NotebookRows.cells(NotebookRows.FIRST_ROW);
    RunLog log = CsvLog.read(csv);
    assertEquals(1, log.rows().size());
    assertEquals(row[TRAIN_LOSS], log.rows().get(0).trainLoss(), 5e-5);
    assertEquals(row[TEST_ACCURACY], log.rows().get(0).testAccuracy(), 0.0);

    JsonObject summary = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertEquals(10, summary.get("stop_epoch").getAsInt());
    assertEquals(10, summary.get("best_valid_epoch").getAsInt());
    assertEquals(row[VALID_ACCURACY], summary.get("best_valid_accuracy").getAsDouble(), 0.0);
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
    assertEquals(row[TRAIN_LOSS], value(scalars, "loss/train"), 5e-5);
    assertEquals(row[VALID_LOSS], value(scalars, "loss/valid"), 5e-5);
    assertEquals(row[TEST_ACCURACY], value(scalars, "accuracy/test"), 1e-6);
  }

  @Test
  void collectedUpdateOpsChangeTheFirstRow() {
    Cli r = Cli.run("run", "--epochs", "10", "--quiet", "--bn-updates", "collected");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.outLines()[0].startsWith("10 " + NotebookRows.COLLECTED_FIRST_TRAIN_LOSS + " "),
        r.out());
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
