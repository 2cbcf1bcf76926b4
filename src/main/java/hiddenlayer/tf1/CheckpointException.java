package hiddenlayer.tf1;

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
}
