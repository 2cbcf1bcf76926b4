package hiddenlayer.graph;

/** What stands between each hidden {@code matmul + bias} and its {@code tanh}. */
public enum Normalization {
  /** Cell 3: {@code tf.keras.layers.BatchNormalization()(layer, training=training)}. */
  BATCH,
  /** Exercise Q1: {@code tf.contrib.layers.layer_norm(layer)}. */
  LAYER,
  /** Neither: the previous lab's plain MLP. */
  NONE;

  public String cliName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
