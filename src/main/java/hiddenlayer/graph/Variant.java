package hiddenlayer.graph;

import java.util.Optional;

/**
 * The four graphs the notebook's question compares: a {@link Normalization} and, for batch
 * norm, its {@link BnUpdates}. Each has one name, {@link #key()}, used wherever a variant is
 * named: bench's rows and JSON, the report's file names ({@code batch-keras.csv}).
 */
public enum Variant {
  /** The previous lab's plain MLP. */
  NONE("none", Normalization.NONE, BnUpdates.KERAS),
  /** Exercise Q1: layer norm. */
  LAYER("layer", Normalization.LAYER, BnUpdates.KERAS),
  /** Batch norm as the notebook ran it: tf.keras's, no update ops in {@code UPDATE_OPS}. */
  BATCH_KERAS("batch-keras", Normalization.BATCH, BnUpdates.KERAS),
  /** Batch norm with both update ops of each layer in {@code UPDATE_OPS}. */
  BATCH_COLLECTED("batch-collected", Normalization.BATCH, BnUpdates.COLLECTED);

  private final String key;
  private final Normalization normalization;
  private final BnUpdates bnUpdates;

  Variant(String key, Normalization normalization, BnUpdates bnUpdates) {
    this.key = key;
    this.normalization = normalization;
    this.bnUpdates = bnUpdates;
  }

  /** Its one name: {@code none}, {@code layer}, {@code batch-keras}, {@code batch-collected}. */
  public String key() {
    return key;
  }

  public Normalization normalization() {
    return normalization;
  }

  /** Which update ops the graph collects; only meaningful for batch norm. */
  public BnUpdates bnUpdates() {
    return bnUpdates;
  }

  /** {@code config} with this variant's normalisation and update ops. */
  public GraphConfig applyTo(GraphConfig config) {
    return config.withNormalization(normalization).withBnUpdates(bnUpdates);
  }

  /** The variant named {@code key}, if any. */
  public static Optional<Variant> byKey(String key) {
    for (Variant v : values()) {
      if (v.key.equals(key)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
