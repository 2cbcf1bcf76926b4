package hiddenlayer.train;

import hiddenlayer.UserException;

/** A loss became NaN or infinite: the learning rate is too large for this graph. */
public final class DivergenceException extends UserException {
  private final transient RunResult partial;

  public DivergenceException(String message, RunResult partial) {
    super(message);
    this.partial = partial;
  }

  /** The rows up to and including the one that diverged. */
  public RunResult partial() {
    return partial;
  }
}
