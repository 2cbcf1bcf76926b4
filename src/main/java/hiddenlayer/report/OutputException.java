package hiddenlayer.report;

import hiddenlayer.UserException;

/** An output file or directory that cannot be written. */
public final class OutputException extends UserException {
  public OutputException(String message) {
    super(message);
  }

  public OutputException(String message, Throwable cause) {
    super(message, cause);
  }
}
