package hiddenlayer.tf1.gradients;

/** Which code builds the gradient subgraph of {@code minimize}. */
public enum GradientBuilder {
  /**
   * TF 1.15's Python {@code tf.gradients} ported node for node ({@link Gradients}): TF1's names,
   * its {@code AddN} aggregation, {@code GATE_OP} tuples per op, TF1's Switch/Merge gradients.
   */
  TF1,
  /**
   * TensorFlow's C++ gradient registry ({@code Graph.addGradients}) plus Java Switch/Merge
   * gradients, every apply gated on all gradients.
   */
  REGISTRY;

  /** The default of {@code --gradients}: TF1's own builder, so the whole graph is TF 1.15's. */
  public static final GradientBuilder DEFAULT = TF1;
  /** {@link #DEFAULT}'s command-line name, for option annotations. */
  public static final String DEFAULT_NAME = "tf1";

  public String cliName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
