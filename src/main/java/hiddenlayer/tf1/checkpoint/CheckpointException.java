package hiddenlayer.tf1.checkpoint;

import hiddenlayer.UserException;

/**
 * A checkpoint that is missing, corrupted or does not fit the graph; the message names the
 * checkpoint (or its file) and what is wrong.
 */
public final class CheckpointException extends UserException {
  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * TensorFlow's error reading checkpoint {@code prefix} as one line: its checksums and short
   * reads ({@code DATA_LOSS}, {@code OUT_OF_RANGE}) name the data file, anything else the
   * checkpoint.
   */
  static CheckpointException reading(String prefix, String action,
      org.tensorflow.exceptions.TensorFlowException e) {
    String first = firstLine(e);
    // TensorFlow Java has no class for DATA_LOSS: the bundle reader's message says it.
    if (e instanceof org.tensorflow.exceptions.TFOutOfRangeException
        || first.contains("Checksum does not match") || first.startsWith("TensorBundle at")) {
      return new CheckpointException(prefix + CheckpointReader.DATA_SUFFIX
          + ": truncated or corrupted (" + first + ")", e);
    }
    return new CheckpointException(prefix + ": cannot " + action + " (" + first + ")", e);
  }

  /** The first line of TensorFlow's message (the rest is its stack of contexts). */
  static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage()).strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }
}
