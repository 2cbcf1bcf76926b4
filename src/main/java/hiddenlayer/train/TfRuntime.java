package hiddenlayer.train;

/** Which TensorFlow runs the notebook's graph. */
public enum TfRuntime {
  /** TensorFlow Java 1.1.0 in this JVM: TF 2.18's kernels, through oneDNN on the CPU. */
  TF2("tf2", "TF 2.18 (oneDNN)"),
  /** TF 1.15.0's own runtime in a child JVM: TF 1.15's kernels (Eigen), the notebook's TF. */
  TF1("tf1", "TF 1.15 (Eigen)");

  private final String cliName;
  private final String label;

  TfRuntime(String cliName, String label) {
    this.cliName = cliName;
    this.label = label;
  }

  /** {@code tf1} or {@code tf2}, as {@code --runtime} takes it. */
  public String cliName() {
    return cliName;
  }

  /** The TensorFlow version and its CPU kernels, for tables. */
  public String label() {
    return label;
  }
}
