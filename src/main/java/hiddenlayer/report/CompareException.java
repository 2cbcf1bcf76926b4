package hiddenlayer.report;

import hiddenlayer.UserException;

/**
 * A run log that cannot be read or compared: missing, empty, malformed, or without any
 * printed epoch row. The message names the file and, where known, the line.
 */
public final class CompareException extends UserException {
  public CompareException(String message) {
    super(message);
  }

  public CompareException(String message, Throwable cause) {
    super(message, cause);
  }
}
