package hiddenlayer.cli;

import hiddenlayer.graph.BnUpdates;
import hiddenlayer.graph.GraphConfig;
import hiddenlayer.graph.Normalization;
import picocli.CommandLine.Option;

/** Which of the notebook's graphs: the normalisation and what UPDATE_OPS holds. */
public final class VariantOptions {
  @Option(names = "--norm", paramLabel = "batch|layer|none", defaultValue = "batch",
      converter = NormConverter.class,
      description = "normalisation before each hidden tanh: batch (cell 3, default), "
          + "layer (exercise Q1, tf.contrib.layers.layer_norm) or none")
  Normalization norm = Normalization.BATCH;

  @Option(names = "--bn-updates", paramLabel = "keras|collected", defaultValue = "keras",
      converter = BnUpdatesConverter.class,
      description = "keras (default, what the notebook really ran): tf.keras's BatchNormalization "
          + "puts nothing in UPDATE_OPS, so the moving mean and variance stay 0 and 1 and every "
          + "training=False evaluation uses them; collected: the update ops are in UPDATE_OPS "
          + "(as tf.layers does) and run with every training step")
  BnUpdates bnUpdates = BnUpdates.KERAS;

  /** {@code base} with this variant. */
  GraphConfig applyTo(GraphConfig base) {
    return base.withNormalization(norm).withBnUpdates(bnUpdates);
  }

  /** {@code norm=batch bn-updates=keras}, or {@code norm=layer}. */
  String describe() {
    return "norm=" + norm.cliName()
        + (norm == Normalization.BATCH ? " bn-updates=" + bnUpdates.cliName() : "");
  }

  static final class NormConverter extends RunOptions.ByCliName<Normalization> {
    NormConverter() {
      super(Normalization.values(), Normalization::cliName);
    }
  }

  static final class BnUpdatesConverter extends RunOptions.ByCliName<BnUpdates> {
    BnUpdatesConverter() {
      super(BnUpdates.values(), BnUpdates::cliName);
    }
  }
}
