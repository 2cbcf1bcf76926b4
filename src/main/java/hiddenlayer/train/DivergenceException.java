package hiddenlayer.train;

import hiddenlayer.UserException;

/** A loss became NaN or infinite: the learning rate is too large for this graph. */
public final class DivergenceException extends UserException {
  private final int epoch;
  private final double trainLoss;
  private final float learningRate;
  private final transient RunResult partial;

  /**
   * The loss diverged at the evaluation of {@code epoch}, training with Adam's {@code
   * learningRate}; {@code partial} holds the rows so far.
   */
  public DivergenceException(int epoch, double trainLoss, float learningRate,
      RunResult partial) {
    super("the loss diverged at epoch " + epoch + " (train loss " + trainLoss + ")");
    this.epoch = epoch;
    this.trainLoss = trainLoss;
    this.learningRate = learningRate;
    this.partial = partial;
  }

  /** The epoch whose evaluation found a NaN or infinite loss. */
  public int epoch() {
    return epoch;
  }

  /** The train loss at that evaluation (NaN or infinite unless another loss diverged first). */
  public double trainLoss() {
    return trainLoss;
  }

  /** The learning rate the run trained with, too large for it. */
  public float learningRate() {
    return learningRate;
  }

  /** The rows up to and including the one that diverged. */
  public RunResult partial() {
    return partial;
  }
}
