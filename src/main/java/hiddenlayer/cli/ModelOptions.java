package hiddenlayer.cli;

import hiddenlayer.graph.GraphConfig;
import hiddenlayer.tf1.gradients.GradientBuilder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The numbers the graph is built with: Adam's learning rate and the seed; the gradient builder. */
public final class ModelOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--lr", paramLabel = "X", defaultValue = "0.001",
      converter = DoubleConverter.class,
      description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
  double lr = 0.001;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "2020",
      description = "np.random.seed and tf.random.set_random_seed (default: ${DEFAULT-VALUE})")
  long seed = 2020;

  @Option(names = "--gradients", paramLabel = "tf1|registry",
      defaultValue = GradientBuilder.DEFAULT_NAME,
      converter = GradientsConverter.class,
      description = "who builds minimize's gradient subgraph: tf1 (default), TF 1.15's Python "
          + "tf.gradients ported node for node (GATE_OP tuples per op, TF1's names); registry, "
          + "TensorFlow's C++ gradient registry with every apply gated on all gradients")
  GradientBuilder gradients = GradientBuilder.DEFAULT;

  /** The validated graph configuration of {@code variant} (the notebook's when null). */
  GraphConfig graphConfig(VariantOptions variant) {
    RunOptions.require(spec,
        Double.isFinite(lr) && lr > 0 && Float.isFinite((float) lr) && (float) lr > 0,
        "--lr must be a positive finite number, got " + lr);
    RunOptions.require(spec, seed >= 0 && seed <= 0xFFFFFFFFL,
        "--seed must be between 0 and 4294967295, got " + seed);
    GraphConfig graph = GraphConfig.notebook().withSeed(seed).withLearningRate((float) lr)
        .withGradients(gradients);
    return variant == null ? graph : variant.applyTo(graph);
  }

  /** {@code norm=batch bn-updates=keras lr=0.001 seed=2020}, for titles and messages. */
  String describe(VariantOptions variant) {
    return variant.describe() + " lr=" + lr + " seed=" + seed
        + (gradients == GradientBuilder.DEFAULT ? "" : " gradients=" + gradients.cliName());
  }

  static final class GradientsConverter extends RunOptions.ByCliName<GradientBuilder> {
    GradientsConverter() {
      super(GradientBuilder.values(), GradientBuilder::cliName);
    }
  }
}
