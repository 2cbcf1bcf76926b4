package hiddenlayer.tf1;

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

  /** The default of {@code --gradients}. */
  public static final GradientBuilder DEFAULT = REGISTRY;

  public String cliName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
