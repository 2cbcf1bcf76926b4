package hiddenlayer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.train.EvalRecord;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextLogTest {
  @TempDir Path dir;

  @Test
  void readsTheRowsAmongNoiseLines() {
    // python-run.log mixes TF warnings, a progress line, a line of seven integers and a
    // seven-token sentence in with the five rows typed in Fixtures.PYTHON_ROWS.
    RunLog log = RunLog.read(Fixtures.path("python-run.log"));
    assertEquals(Fixtures.PYTHON_ROWS, log.rows());
    assertEquals(50, log.lastEpoch().getAsInt());
  }

  @Test
  void finalAccuracyIsTheLoneFloatAfterTheRows() {
    // The fixture has "0.5" before the rows (ignored) and "0.8745" after them.
    RunLog log = RunLog.read(Fixtures.path("python-run.log"));
    assertEquals(OptionalDouble.of(0.8745), log.finalTestAccuracy());
  }

  @Test
  void finalAccuracyAcceptsPythonReprsAndIsAbsentWithoutOne() {
    String rows = "10 0.1000 0.2000 0.3000 0.9000 0.8000 0.7000\n";
    assertEquals(OptionalDouble.of(0.8), TextLog.parse(rows + "0.8\n", "a").finalTestAccuracy());
    assertEquals(OptionalDouble.of(1e-05),
        TextLog.parse(rows + "1e-05\n", "b").finalTestAccuracy());
    assertEquals(OptionalDouble.empty(), TextLog.parse(rows + "done\n", "c").finalTestAccuracy());
  }

  @Test
  void nanAndInfAreRowValuesAsPythonPrintsThem() {
    RunLog log = TextLog.parse("10 nan inf -inf 0.1000 0.2000 0.3000\n", "diverged.log");
    EvalRecord row = log.rows().get(0);
    assertTrue(Double.isNaN(row.trainLoss()));
    assertEquals(Double.POSITIVE_INFINITY, row.validLoss());
    assertEquals(Double.NEGATIVE_INFINITY, row.testLoss());
  }

  @Test
  void logWithoutRowsIsAnErrorNamingTheFile() {
    Path file = Fixtures.write(dir, "noise.log", "WARNING: something\n0.8\n");
    CompareException e = assertThrows(CompareException.class, () -> RunLog.read(file));
    assertTrue(e.getMessage().startsWith(file + ": no eval rows found"), e.getMessage());
  }

  @Test
  void emptyFileIsAnErrorNamingTheFile() {
    Path file = Fixtures.write(dir, "empty.log", "\n  \n");
    CompareException e = assertThrows(CompareException.class, () -> RunLog.read(file));
    assertEquals(file + ": empty file", e.getMessage());
  }

  @Test
  void missingFileIsAnErrorNamingTheFile() {
    Path file = dir.resolve("absent.log");
    CompareException e = assertThrows(CompareException.class, () -> RunLog.read(file));
    assertEquals(file + ": no such file", e.getMessage());
  }

  @Test
  void epochsGoingBackwardsAreAnErrorNamingTheLine() {
    Path file = Fixtures.write(dir, "twice.log", """
        10 0.1000 0.2000 0.3000 0.9000 0.8000 0.7000
        20 0.1000 0.2000 0.3000 0.9000 0.8000 0.7000
        noise
        10 0.1000 0.2000 0.3000 0.9000 0.8000 0.7000
        """);
    CompareException e = assertThrows(CompareException.class, () -> RunLog.read(file));
    assertTrue(e.getMessage().startsWith(file + ":4: epoch 10 after epoch 20"), e.getMessage());
  }
}
