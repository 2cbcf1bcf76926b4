package hiddenlayer.bench;

import hiddenlayer.UserException;

/** A capture of {@code bench --tensors} that cannot be read or compared: names the file. */
public final class TensorCaptureException extends UserException {
  TensorCaptureException(String message, Throwable cause) {
    super(message, cause);
  }
}
