package hiddenlayer.train;

import hiddenlayer.UserException;

/** The requested device is not there (no GPU in these natives, or no CUDA on this machine). */
public final class DeviceException extends UserException {
  private final String reason;
  private final boolean gpuNatives;

  /**
   * No op could be placed on the GPU: TensorFlow said {@code reason}; {@code gpuNatives} tells
   * whether these are TensorFlow's GPU natives (then CUDA is missing) or its CPU ones.
   */
  public DeviceException(String reason, boolean gpuNatives) {
    super("TensorFlow finds no GPU (" + reason + "). " + (gpuNatives
        ? "These are TensorFlow's GPU natives: install CUDA 12 and cuDNN 9 (or put them on"
            + " LD_LIBRARY_PATH) with a working driver"
        : "These are TensorFlow's CPU natives: build with -Pgpu (and CUDA 12, cuDNN 9)"));
    this.reason = reason;
    this.gpuNatives = gpuNatives;
  }

  /** The first line of TensorFlow's own error when asked to run an op on the GPU. */
  public String reason() {
    return reason;
  }

  /** Whether these are TensorFlow's GPU natives (else the CPU ones, which have no GPU kernels). */
  public boolean gpuNatives() {
    return gpuNatives;
  }
}
