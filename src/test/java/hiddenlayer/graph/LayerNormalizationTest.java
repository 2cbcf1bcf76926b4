package hiddenlayer.graph;

import hiddenlayer.tf1.Tf1Variable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Session;

/**
 * {@code tf.contrib.layers.layer_norm(h)} as src/site/markdown/TF1_SEMANTICS.md section 4 specifies
 * it: per-row mean and biased variance, {@code variance_epsilon} 1e-12, per-feature gamma and beta,
 * the same in training and inference. Expected values are that formula in float64 on values fetched
 * from the graph (h, gamma, beta).
 */
class LayerNormalizationTest {
  private static final List<Integer> UNITS = List.of(12, 8, 8, 5);
  private static final int BATCH = 16;
  private static final double EPS = 1e-12;
  private static final double TOL = 1e-5;

  /** Per-row statistics over the features, then gamma and beta per feature. */
  private static double[][] layerNorm(double[][] h, double[] gamma, double[] beta, double eps) {
    double[][] out = new double[h.length][h[0].length];
    for (int r = 0; r < h.length; r++) {
      double mean = 0;
      for (double v : h[r]) {
        mean += v / h[r].length;
      }
      double var = 0;
      for (double v : h[r]) {
        var += (v - mean) * (v - mean) / h[r].length;
      }
      for (int c = 0; c < h[r].length; c++) {
        double inv = gamma[c] / Math.sqrt(var + eps);
        out[r][c] = h[r][c] * inv + (beta[c] - mean * inv);
      }
    }
    return out;
  }

  private static double maxDiff(double[][] a, double[] flat) {
    double d = 0;
    int cols = a[0].length;
    for (int r = 0; r < a.length; r++) {
      for (int c = 0; c < cols; c++) {
        d = Math.max(d, Math.abs(a[r][c] - flat[r * cols + c]));
      }
    }
    return d;
  }

  @Test
  void normalisesEachRowWithEpsilon1e12AndIgnoresTheTrainingFlag() {
    Random rnd = new Random(6);
    try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook().withUnits(UNITS)
            .withNormalization(Normalization.LAYER));
        Session s = GraphFixtures.session(g)) {
      // A few steps first, so gamma and beta are no longer 1 and 0.
      for (int i = 0; i < 3; i++) {
        GraphFixtures.runFloats(s, g, GraphFixtures.randomInputs(rnd, BATCH, 12, 1.0),
            GraphFixtures.randomLabels(rnd, BATCH, 5), true, List.of(), g.trainOp().op());
      }
      double[][] x = GraphFixtures.randomInputs(rnd, BATCH, 12, 1.0);
      String[][] layers = {{"add", "LayerNorm"}, {"add_1", "LayerNorm_1"}};
      for (String[] layer : layers) {
        List<Operand<?>> fetches = new ArrayList<>(List.of(GraphFixtures.op(g, layer[0]),
            GraphFixtures.op(g, layer[1] + "/batchnorm/add_1"),
            GraphFixtures.op(g, layer[1] + "/gamma/read"),
            GraphFixtures.op(g, layer[1] + "/beta/read")));
        List<double[]> train = GraphFixtures.runValues(s, g, x, null, true, fetches);
        List<double[]> infer = GraphFixtures.runValues(s, g, x, null, false, fetches);
        for (int i = 0; i < fetches.size(); i++) {
          assertArrayEquals(train.get(i), infer.get(i), 0.0, layer[1] + ": fetch " + i
              + " differs between training=true and training=false");
        }
        double[][] h = GraphFixtures.reshape(train.get(0), 8);
        double[] gamma = train.get(2);
        double[] beta = train.get(3);
        assertFalse(gamma[0] == 1.0 || beta[0] == 0.0, "gamma and beta should have moved");
        double d = maxDiff(layerNorm(h, gamma, beta, EPS), train.get(1));
        assertTrue(d <= TOL, layer[1] + ": max |difference| " + d);
        // The check can tell BN's epsilon 1e-3 apart.
        assertTrue(maxDiff(layerNorm(h, gamma, beta, 1e-3), train.get(1)) > 10 * TOL);
      }
      // The layer's output feeds tanh.
      assertEquals("LayerNorm/batchnorm/add_1",
          g.graph().operationOrThrow("Tanh").input(0).op().name());
    }
  }

  @Test
  void variablesAreBetaThenGammaPerLayerAndTrainable() {
    try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook().withUnits(UNITS)
        .withNormalization(Normalization.LAYER))) {
      assertEquals(List.of("LayerNorm/beta", "LayerNorm/gamma", "LayerNorm_1/beta",
          "LayerNorm_1/gamma"), g.normalizationVariables().stream().map(Tf1Variable::name).toList());
      assertTrue(g.normalizationVariables().stream().allMatch(Tf1Variable::trainable));
    }
  }
}
