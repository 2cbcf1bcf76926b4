package hiddenlayer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.report.Comparison.Cell;
import hiddenlayer.train.EvalRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ComparisonTest {
  private static final RunLog PYTHON = RunLog.read(Fixtures.path("python-run.log"));

  @Test
  void fullPrecisionJavaRowsThatPrintTheSameMatch() {
    // java-run.csv holds float-like values (0.45210000872612, ...) that print as the
    // fixture's four-decimal rows.
    Comparison c = Comparison.of(PYTHON, RunLog.read(Fixtures.path("java-run.csv")), 1e-4);
    assertTrue(c.matches());
    assertEquals(30, c.cellsEqual());
    assertEquals(Optional.empty(), c.firstMismatch());
  }

  @Test
  void aPlantedMismatchIsFoundAndNamed() {
    List<EvalRecord> rows = new ArrayList<>(Fixtures.PYTHON_ROWS);
    EvalRecord r = rows.get(3); // epoch 40, valid_loss 0.4390 in the fixture
    rows.set(3, new EvalRecord(40, r.trainLoss(), 0.4396, r.testLoss(), r.trainAccuracy(),
        r.validAccuracy(), r.testAccuracy()));
    Comparison c = Comparison.of(PYTHON, RunLog.of(rows), 1e-4);

    assertFalse(c.matches());
    assertEquals(40, c.firstMismatch().orElseThrow().epoch());
    Cell worst = c.largestDifference("valid_loss").orElseThrow();
    assertEquals(40, worst.epoch());
    assertEquals(0.0006, worst.difference(), 1e-12);
    assertEquals(29, c.cellsEqual());
  }

  @Test
  void oneUnitInTheLastDigitIsWithinTheDefaultTolerance() {
    // 0.4391 - 0.4390 is 0.00010000000000000286 in binary; in decimal it is exactly 1e-4.
    Cell cell = Comparison.cell(40, "valid_loss", 0.4390, 0.4391, Comparison.DEFAULT_TOLERANCE);
    assertTrue(cell.withinTolerance());
    assertFalse(cell.equal());
    assertFalse(Comparison.cell(40, "valid_loss", 0.4390, 0.4392, 1e-4).withinTolerance());
  }

  @Test
  void zeroToleranceDemandsEqualPrintedValues() {
    assertFalse(Comparison.cell(40, "valid_loss", 0.4390, 0.4391, 0).withinTolerance());
    assertTrue(Comparison.cell(40, "valid_loss", 0.4390, 0.43904, 0).withinTolerance());
  }

  @Test
  void roundingIsHalfEvenOnTheExactBinaryValueAsPythonsFormatting() {
    // Python 3: '%.4f' % 0.03125 -> '0.0312' (an exact tie, rounded to even; Java's %.4f
    // gives 0.0313); '%.4f' % 0.12345 -> '0.1235' and '%.4f' % 0.43905 -> '0.4390' (the
    // doubles lie just above and just below the tie).
    assertEquals("0.0312", Comparison.round4(0.03125).toPlainString());
    assertEquals("0.1235", Comparison.round4(0.12345).toPlainString());
    assertEquals("0.4390", Comparison.round4(0.43905).toPlainString());
  }

  @Test
  void nanEqualsOnlyNan() {
    assertTrue(Comparison.cell(10, "train_loss", Double.NaN, Double.NaN, 1e-4).equal());
    Cell c = Comparison.cell(10, "train_loss", Double.NaN, 0.1, 1e-4);
    assertFalse(c.withinTolerance());
    assertTrue(Double.isNaN(c.difference()));
  }

  @Test
  void rowsOnOneSideOnlyAreAMismatch() {
    RunLog shorter = RunLog.of(Fixtures.PYTHON_ROWS.subList(0, 3)); // stopped at epoch 30
    Comparison c = Comparison.of(PYTHON, shorter, 1e-4);
    assertFalse(c.matches());
    assertEquals(List.of(40, 50), c.epochsOnlyInExpected());
    assertEquals(List.of(), c.epochsOnlyInActual());
    assertEquals(3, c.comparedRows().size());
    assertEquals(Optional.empty(), c.firstMismatch());
  }

  @Test
  void differentFinalAccuraciesAreAMismatch() {
    RunLog java = new RunLog(Fixtures.PYTHON_ROWS, OptionalDouble.of(0.876), Optional.of("java"));
    Comparison c = Comparison.of(PYTHON, java, 1e-4); // python-run.log ends with 0.8745
    assertFalse(c.finalTestAccuracy().orElseThrow().withinTolerance());
    assertFalse(c.matches());
  }
}
