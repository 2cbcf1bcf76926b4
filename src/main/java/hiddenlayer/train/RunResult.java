package hiddenlayer.train;

import java.util.List;

/**
 * What cell 5 leaves behind: its printed rows, where it stopped, and what it prints last.
 *
 * @param stopEpoch the last epoch trained
 * @param bestEpoch {@code max_valid_epoch_idx} (0 if no evaluation improved on 0.0)
 * @param bestValidAccuracy {@code max_valid_accuracy}
 * @param finalTestAccuracy {@code final_test_accuracy}, the test accuracy at the best epoch
 */
public record RunResult(List<EvalRecord> rows, int stopEpoch, int bestEpoch,
    double bestValidAccuracy, double finalTestAccuracy, Timings timings) {

  public RunResult {
    rows = List.copyOf(rows);
  }

  /** Wall time per phase, in milliseconds. */
  public record Timings(double graphBuildMs, double sessionInitMs, double trainMs,
      double evalMs) {}
}
