package hiddenlayer.graph;

import hiddenlayer.tf1.gradients.GradientBuilder;
import java.util.List;

/**
 * Everything that shapes the notebook's graph.
 *
 * @param units layer widths, the notebook's {@code n_units = [784, 512, 512, 10]}
 * @param seed the graph seed of {@code tf.random.set_random_seed}
 * @param learningRate Adam's learning rate, {@code 1e-3} in the notebook
 * @param device a device for every op ({@code /GPU:0}), or empty for TensorFlow's default
 * @param gradients the builder of {@code minimize}'s gradient subgraph
 */
public record GraphConfig(List<Integer> units, Normalization normalization, BnUpdates bnUpdates,
    long seed, float learningRate, String device, GradientBuilder gradients) {

  public static final List<Integer> NOTEBOOK_UNITS = List.of(784, 512, 512, 10);

  public GraphConfig {
    units = List.copyOf(units);
    if (units.size() < 2) {
      throw new IllegalArgumentException("need at least an input and an output layer: " + units);
    }
  }

  /**
   * The notebook as run: batch norm, update ops not collected, seed 2020, Adam 1e-3, gradients
   * from the {@link GradientBuilder#DEFAULT} builder.
   */
  public static GraphConfig notebook() {
    return new GraphConfig(NOTEBOOK_UNITS, Normalization.BATCH, BnUpdates.KERAS, 2020, 1e-3f, "",
        GradientBuilder.DEFAULT);
  }

  public GraphConfig withNormalization(Normalization n) {
    return new GraphConfig(units, n, bnUpdates, seed, learningRate, device, gradients);
  }

  public GraphConfig withBnUpdates(BnUpdates b) {
    return new GraphConfig(units, normalization, b, seed, learningRate, device, gradients);
  }

  public GraphConfig withUnits(List<Integer> u) {
    return new GraphConfig(u, normalization, bnUpdates, seed, learningRate, device, gradients);
  }

  public GraphConfig withSeed(long s) {
    return new GraphConfig(units, normalization, bnUpdates, s, learningRate, device, gradients);
  }

  public GraphConfig withLearningRate(float lr) {
    return new GraphConfig(units, normalization, bnUpdates, seed, lr, device, gradients);
  }

  public GraphConfig withGradients(GradientBuilder g) {
    return new GraphConfig(units, normalization, bnUpdates, seed, learningRate, device, g);
  }

  public GraphConfig withDevice(String d) {
    return new GraphConfig(units, normalization, bnUpdates, seed, learningRate, d, gradients);
  }
}
