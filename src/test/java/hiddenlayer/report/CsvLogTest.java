package hiddenlayer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.train.EvalRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLogTest {
  @TempDir Path dir;

  @Test
  void roundTripsEveryDoubleExactly() throws Exception {
    List<EvalRecord> rows = List.of(
        new EvalRecord(10, 0.1 + 0.2, (double) 0.43905f, 1e-300, Math.PI, 0.82, Double.MIN_VALUE),
        new EvalRecord(20, Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1.0, 0.0, 0.876));
    Path file = dir.resolve("run.csv");
    CsvLog.write(file, rows);
    assertTrue(Files.readString(file).startsWith(
        "epoch,train_loss,valid_loss,test_loss,train_acc,valid_acc,test_acc\n10,"));
    RunLog back = RunLog.read(file);
    assertEquals(rows, back.rows()); // record equality compares doubles bit for bit
    assertEquals(OptionalDouble.empty(), back.finalTestAccuracy());
  }

  @Test
  void readsTheHandWrittenJavaFixture() {
    RunLog log = RunLog.read(Fixtures.path("java-run.csv"));
    assertEquals(5, log.rows().size());
    assertEquals(0.45210000872612, log.rows().get(0).trainLoss());
    assertEquals(0.876, log.rows().get(4).testAccuracy());
  }

  @Test
  void wrongColumnCountNamesTheLine() {
    Path file = Fixtures.write(dir, "short.csv", CsvLog.HEADER + "\n10,1,2,3,4,5,6\n20,1,2,3\n");
    CompareException e = assertThrows(CompareException.class, () -> RunLog.read(file));
    assertEquals(file + ":3: expected 7 columns, found 4", e.getMessage());
  }

  @Test
  void nonNumberNamesTheLineAndColumn() {
    Path file = Fixtures.write(dir, "text.csv", CsvLog.HEADER + "\n10,1,2,3,4,five,6\n");
    CompareException e = assertThrows(CompareException.class, () -> RunLog.read(file));
    assertEquals(file + ":2: valid_acc \"five\" is not a number", e.getMessage());
  }

  @Test
  void wrongHeaderIsNamed() {
    Path file = Fixtures.write(dir, "other.csv", "a,b,c\n1,2,3\n");
    CompareException e = assertThrows(CompareException.class, () -> RunLog.read(file));
    assertTrue(e.getMessage().startsWith(file + ":1: expected the header"), e.getMessage());
  }

  @Test
  void headerOnlyHasNoRows() {
    Path file = Fixtures.write(dir, "header.csv", CsvLog.HEADER + "\n");
    CompareException e = assertThrows(CompareException.class, () -> RunLog.read(file));
    assertEquals(file + ": no eval rows found (only a header)", e.getMessage());
  }

  @Test
  void writingIntoAMissingDirectoryIsAUserError() {
    Path file = dir.resolve("no/such/dir/run.csv");
    assertThrows(OutputException.class, () -> CsvLog.write(file, Fixtures.PYTHON_ROWS));
  }
}
