package hiddenlayer.train;

import hiddenlayer.UserException;

/** The requested device is not there (no GPU in these natives, or no CUDA on this machine). */
public final class DeviceException extends UserException {
  public DeviceException(String message) {
    super(message);
  }
}
