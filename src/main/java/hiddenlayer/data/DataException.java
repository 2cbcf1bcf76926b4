package hiddenlayer.data;

import hiddenlayer.UserException;

/** MNIST data that is missing, malformed or not the real MNIST; the message names the file. */
public final class DataException extends UserException {
  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
