package hiddenlayer.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.tf1.GraphCollections;
import hiddenlayer.tf1.Tf1Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Session;

/**
 * {@code tf.keras.layers.BatchNormalization()} as src/site/markdown/TF1_SEMANTICS.md section 3
 * specifies it: batch mean and biased (divide by N) variance in training, moving statistics in
 * inference, eps 1e-3, {@code moving -= (moving - batch_stat) * (1 - 0.99)} only when the update
 * ops are collected. Expected values are the section's formulas evaluated in float64 on values
 * fetched from the graph.
 */
class BatchNormalizationTest {
  private static final List<Integer> UNITS = List.of(12, 8, 8, 5);
  private static final int BATCH = 16;
  private static final double EPS = 1e-3;
  /** Output tolerance: outputs are O(1), computed in float32. */
  private static final double TOL = 1e-5;
  /** The BN layers' inputs, {@code matmul + bias} of the two hidden layers. */
  private static final List<String> INPUTS = List.of("add", "add_1");

  private static NotebookGraph graph(BnUpdates updates) {
    return NotebookGraph.build(GraphConfig.notebook().withUnits(UNITS)
        .withNormalization(Normalization.BATCH).withBnUpdates(updates));
  }

  private static double[][] batch(Random rnd) {
    return GraphFixtures.randomInputs(rnd, BATCH, UNITS.get(0), 1.0);
  }

  private static void step(Session s, NotebookGraph g, Random rnd) {
    GraphFixtures.runFloats(s, g, batch(rnd), GraphFixtures.randomLabels(rnd, BATCH, 5), true,
        List.of(), g.trainOp().op());
  }

  /** Per layer: h (the BN input), the BN output, gamma, beta, moving mean, moving variance. */
  private static List<double[][]> layer(Session s, NotebookGraph g, double[][] x,
      boolean training, int layer) {
    BatchNormalization bn = g.batchNormalizations().get(layer);
    List<Operand<?>> fetches = new ArrayList<>(List.of(GraphFixtures.op(g, INPUTS.get(layer)),
        bn.output()));
    bn.variables().forEach(v -> fetches.add(v.read()));
    List<double[]> v = GraphFixtures.runValues(s, g, x, null, training, fetches);
    int n = UNITS.get(layer + 1);
    return List.of(GraphFixtures.reshape(v.get(0), n), GraphFixtures.reshape(v.get(1), n),
        new double[][] {v.get(2), v.get(3), v.get(4), v.get(5)});
  }

  /** {@code h * inv + (beta - mean * inv)}, {@code inv = gamma / sqrt(variance + eps)}. */
  private static double[][] normalize(double[][] h, double[] mean, double[] variance,
      double[] gamma, double[] beta) {
    double[][] out = new double[h.length][h[0].length];
    for (int c = 0; c < h[0].length; c++) {
      double inv = gamma[c] / Math.sqrt(variance[c] + EPS);
      for (int r = 0; r < h.length; r++) {
        out[r][c] = h[r][c] * inv + (beta[c] - mean[c] * inv);
      }
    }
    return out;
  }

  private static double[][] batchMoments(double[][] h, int divisor) {
    int n = h[0].length;
    double[] mean = new double[n];
    double[] var = new double[n];
    for (int c = 0; c < n; c++) {
      for (double[] row : h) {
        mean[c] += row[c] / h.length;
      }
      for (double[] row : h) {
        var[c] += (row[c] - mean[c]) * (row[c] - mean[c]) / divisor;
      }
    }
    return new double[][] {mean, var};
  }

  private static double maxDiff(double[][] a, double[][] b) {
    double d = 0;
    for (int r = 0; r < a.length; r++) {
      for (int c = 0; c < a[0].length; c++) {
        d = Math.max(d, Math.abs(a[r][c] - b[r][c]));
      }
    }
    return d;
  }

  @Test
  void trainingModeNormalisesWithBatchMeanAndBiasedVariance() {
    Random rnd = new Random(1);
    try (NotebookGraph g = graph(BnUpdates.KERAS); Session s = GraphFixtures.session(g)) {
      // A few steps first, so gamma and beta are no longer 1 and 0.
      for (int i = 0; i < 3; i++) {
        step(s, g, rnd);
      }
      double[][] x = batch(rnd);
      for (int layer = 0; layer < 2; layer++) {
        List<double[][]> got = layer(s, g, x, true, layer);
        double[][] h = got.get(0);
        double[] gamma = got.get(2)[0];
        double[] beta = got.get(2)[1];
        assertFalse(gamma[0] == 1.0 || beta[0] == 0.0, "gamma and beta should have moved");
        double[][] biased = batchMoments(h, BATCH);
        double[][] expected = normalize(h, biased[0], biased[1], gamma, beta);
        double d = maxDiff(expected, got.get(1));
        assertTrue(d <= TOL, "layer " + layer + ": max |difference| " + d);
        // The check can tell the unbiased (N - 1) variance apart.
        double[][] unbiased = batchMoments(h, BATCH - 1);
        assertTrue(maxDiff(normalize(h, unbiased[0], unbiased[1], gamma, beta), got.get(1)) > 100
            * TOL);
      }
    }
  }

  @Test
  void inferenceModeUsesInitialMovingStatisticsZeroAndOne() {
    // moving_mean 0, moving_variance 1, gamma 1, beta 0: out = h / sqrt(1 + 1e-3).
    Random rnd = new Random(2);
    try (NotebookGraph g = graph(BnUpdates.KERAS); Session s = GraphFixtures.session(g)) {
      double[][] x = batch(rnd);
      for (int layer = 0; layer < 2; layer++) {
        List<double[][]> got = layer(s, g, x, false, layer);
        double[][] h = got.get(0);
        double[][] expected = new double[h.length][h[0].length];
        for (int r = 0; r < h.length; r++) {
          for (int c = 0; c < h[0].length; c++) {
            expected[r][c] = h[r][c] / Math.sqrt(1 + EPS);
          }
        }
        double d = maxDiff(expected, got.get(1));
        assertTrue(d <= TOL, "layer " + layer + ": max |difference| " + d);
      }
    }
  }

  @Test
  void kerasModeLeavesMovingStatisticsAtZeroAndOneAfterTraining() {
    // Section 3, the UPDATE_OPS pitfall: tf.keras' update ops never run in the notebook.
    Random rnd = new Random(3);
    try (NotebookGraph g = graph(BnUpdates.KERAS); Session s = GraphFixtures.session(g)) {
      for (int i = 0; i < 5; i++) {
        step(s, g, rnd);
      }
      for (int layer = 0; layer < 2; layer++) {
        double[][] vars = layer(s, g, batch(rnd), true, layer).get(2);
        for (int c = 0; c < UNITS.get(layer + 1); c++) {
          assertEquals(0.0, vars[2][c], 0.0, "moving_mean");
          assertEquals(1.0, vars[3][c], 0.0, "moving_variance");
        }
      }
    }
  }

  @Test
  void collectedModeMovesMovingStatisticsByMomentumEveryStep() {
    // moving -= (moving - batch_stat) * (1 - 0.99), with the batch moments of the pre-step
    // weights, fetched from the graph's moments ops in a separate run before each step; the
    // expected value is that formula in float32, as the graph's Sub, Mul and AssignSub do it.
    float decay = (float) (1.0 - BatchNormalization.MOMENTUM);
    Random rnd = new Random(4);
    try (NotebookGraph g = graph(BnUpdates.COLLECTED); Session s = GraphFixtures.session(g)) {
      List<Operand<?>> moments = new ArrayList<>();
      List<Operand<?>> moving = new ArrayList<>();
      for (String scope : List.of("batch_normalization", "batch_normalization_1")) {
        moments.add(GraphFixtures.op(g, scope + "/moments/Squeeze"));
        moments.add(GraphFixtures.op(g, scope + "/moments/Squeeze_1"));
        moving.add(GraphFixtures.variable(g, scope + "/moving_mean"));
        moving.add(GraphFixtures.variable(g, scope + "/moving_variance"));
      }
      for (int t = 1; t <= 5; t++) {
        double[][] x = batch(rnd);
        int[] y = GraphFixtures.randomLabels(rnd, BATCH, 5);
        List<float[]> stats = GraphFixtures.runFloats(s, g, x, null, true, moments);
        List<float[]> old = GraphFixtures.runFloats(s, g, null, null, true, moving);
        GraphFixtures.runFloats(s, g, x, y, true, List.of(), g.trainOp().op());
        List<float[]> now = GraphFixtures.runFloats(s, g, null, null, true, moving);
        for (int k = 0; k < 4; k++) {
          for (int c = 0; c < now.get(k).length; c++) {
            float e = old.get(k)[c] - (old.get(k)[c] - stats.get(k)[c]) * decay;
            assertEquals(e, now.get(k)[c], Math.ulp(e),
                "step " + t + ", " + moving.get(k).op().name() + "[" + c + "]");
          }
        }
      }
      // The batch moments fetched are those of section 3: mean and biased variance of h.
      double[][] x = batch(rnd);
      List<double[]> hm = GraphFixtures.runValues(s, g, x, null, true,
          List.of(GraphFixtures.op(g, "add"), moments.get(0), moments.get(1)));
      double[][] expected = batchMoments(GraphFixtures.reshape(hm.get(0), UNITS.get(1)), BATCH);
      GraphVersusReferenceTest.assertClose("mean", expected[0], hm.get(1), 1e-6);
      GraphVersusReferenceTest.assertClose("variance", expected[1], hm.get(2), 1e-5);
    }
  }

  @Test
  void inferenceModeUsesMovedMovingStatistics() {
    Random rnd = new Random(5);
    try (NotebookGraph g = graph(BnUpdates.COLLECTED); Session s = GraphFixtures.session(g)) {
      for (int i = 0; i < 5; i++) {
        step(s, g, rnd);
      }
      double[][] x = batch(rnd);
      for (int layer = 0; layer < 2; layer++) {
        List<double[][]> got = layer(s, g, x, false, layer);
        double[][] v = got.get(2);
        assertFalse(v[2][0] == 0.0 || v[3][0] == 1.0, "moving statistics should have moved");
        double[][] expected = normalize(got.get(0), v[2], v[3], v[0], v[1]);
        double d = maxDiff(expected, got.get(1));
        assertTrue(d <= TOL, "layer " + layer + ": max |difference| " + d);
      }
    }
  }

  @Test
  void updateOpsIsEmptyForKerasAndHoldsTwoOpsPerLayerWhenCollected() {
    try (NotebookGraph keras = graph(BnUpdates.KERAS);
        NotebookGraph collected = graph(BnUpdates.COLLECTED)) {
      assertEquals(List.of(), keras.collection(GraphCollections.UPDATE_OPS));
      List<String> names = collected.collection(GraphCollections.UPDATE_OPS).stream()
          .map(Operation::name).toList();
      assertEquals(List.of("batch_normalization/cond_2/Merge", "batch_normalization/cond_3/Merge",
          "batch_normalization_1/cond_2/Merge", "batch_normalization_1/cond_3/Merge"), names);
    }
  }

  @Test
  void movingStatisticsAreNotTrainable() {
    try (NotebookGraph g = graph(BnUpdates.COLLECTED)) {
      for (Tf1Variable v : g.normalizationVariables()) {
        boolean moving = v.name().contains("/moving_");
        assertEquals(!moving, v.trainable(), v.name());
        assertEquals(!moving, g.trainableVariables().contains(v), v.name());
      }
      assertEquals(8, g.normalizationVariables().size());
    }
  }
}
