package hiddenlayer.train;

import java.util.List;

/**
 * Cell 5's {@code max_valid_accuracy}: the best validation accuracy so far, kept with a strict
 * {@code <} (a tie keeps the earlier epoch), its epoch ({@code max_valid_epoch}, 0 before any) and
 * that epoch's test accuracy (the notebook's last line).
 */
public final class BestValidation {
  private int epoch;
  private double validAccuracy;
  private double testAccuracy;

  /** {@code if max_valid_accuracy < valid_accuracy: ...}. */
  public void offer(EvalRecord row) {
    if (validAccuracy < row.validAccuracy()) {
      validAccuracy = row.validAccuracy();
      epoch = row.epoch();
      testAccuracy = row.testAccuracy();
    }
  }

  public int epoch() {
    return epoch;
  }

  /** A run's result: its {@code rows}, stopped at {@code stopEpoch}, with the best so far. */
  public RunResult result(List<EvalRecord> rows, int stopEpoch, RunResult.Timings timings) {
    return new RunResult(rows, stopEpoch, epoch, validAccuracy, testAccuracy, timings);
  }
}
