package hiddenlayer.graph;

/** Which batch-norm update ops land in the {@code UPDATE_OPS} collection. */
public enum BnUpdates {
  /**
   * What the notebook really did: {@code tf.keras.layers.BatchNormalization} in TF1 builds its
   * moving-average update ops but registers none in {@code UPDATE_OPS} (tensorflow#19643), so
   * nothing runs them; the moving statistics stay 0 and 1 and every {@code training=False}
   * evaluation uses those.
   */
  KERAS,
  /**
   * What {@code tf.layers.batch_normalization} does: both update ops of each layer are in
   * {@code UPDATE_OPS} and run with every training step.
   */
  COLLECTED;

  public String cliName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
