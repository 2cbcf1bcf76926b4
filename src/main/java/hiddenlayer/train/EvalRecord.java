package hiddenlayer.train;

/**
 * One printed row of the notebook's cell 5: the losses and accuracies of train, valid and
 * test, evaluated with {@code training = False} after epoch {@code epoch}.
 */
public record EvalRecord(
    int epoch,
    double trainLoss,
    double validLoss,
    double testLoss,
    double trainAccuracy,
    double validAccuracy,
    double testAccuracy) {

  /** The six metric columns in the notebook's print order. */
  public double[] metrics() {
    return new double[] {
      trainLoss, validLoss, testLoss, trainAccuracy, validAccuracy, testAccuracy
    };
  }

  /** Column names in the notebook's print order, as used in CSV headers and comparisons. */
  public static final String[] METRIC_NAMES = {
    "train_loss", "valid_loss", "test_loss", "train_acc", "valid_acc", "test_acc"
  };
}
