package hiddenlayer.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.train.EvalRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTextTest {
  private static String rendered() {
    List<EvalRecord> rows = new ArrayList<>(Fixtures.PYTHON_ROWS.subList(0, 4));
    EvalRecord r = rows.get(1); // epoch 20: test_acc 0.8601 in the fixture
    rows.set(1, new EvalRecord(20, r.trainLoss(), r.validLoss(), r.testLoss(),
        r.trainAccuracy(), r.validAccuracy(), 0.8611));
    RunLog python = RunLog.read(Fixtures.path("python-run.log"));
    return ComparisonText.render(Comparison.of(python, RunLog.of(rows), 1e-4));
  }

  @Test
  void tableShowsExpectedActualAndMarkedDifference() {
    String text = rendered();
    assertTrue(text.contains("""
           20  expected     0.2013     0.4870     0.4712     0.9510     0.8600     0.8601
               actual       0.2013     0.4870     0.4712     0.9510     0.8600     0.8611
               diff              .          .          .          .          .   +0.0010*
        """), text);
    assertTrue(text.contains("   50  expected     0.0301"), text);
    assertTrue(text.contains("       actual     (no row)\n"), text);
  }

  @Test
  void summaryNamesTheFirstMismatchAndTheOneSidedRows() {
    String text = rendered();
    assertTrue(text.contains("first beyond tolerance:     epoch 20: test_acc expected 0.8601, "
        + "actual 0.8611"), text);
    assertTrue(text.contains("rows only in expected:      1 (epoch 50)"), text);
    assertTrue(text.contains("cells equal at 4 decimals:  23 of 24"), text);
    assertTrue(text.contains("last printed epoch:         expected 50, actual 40"), text);
    assertTrue(text.contains("final test accuracy:        expected 0.8745, actual not in log"),
        text);
    assertTrue(text.contains("result:                     MISMATCH"), text);
  }

  @Test
  void fitsAnEightyColumnTerminal() {
    assertTrue(rendered().lines().filter(l -> !l.contains("/")).allMatch(l -> l.length() <= 90));
  }
}
