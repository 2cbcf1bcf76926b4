package hiddenlayer.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hiddenlayer.tf1.gradients.GradientBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * TF1's gradient builder against TensorFlow's C++ registry on the same notebook graph (same
 * config, so the same initial variables), at the notebook's shapes with pixels 0..255.
 *
 * <p>The two build different nodes that compute the same arithmetic, so with Grappler's
 * arithmetic optimizer off every gradient is equal to the bit. With it on (the default, as the
 * runs use) the sum of the three gradients of a batch norm's input ({@code gradients/AddN_1} and
 * {@code gradients/AddN_3} in TF1's graph: from {@code batchnorm/mul_1}, {@code
 * moments/SquaredDifference}, {@code moments/mean}) comes out as {@code a + (b + c)} in the
 * registry's graph and {@code (a + b) + c}, the AddN kernel's own order, in TF1's, where the
 * tuple identities keep the optimizer from rewriting it: the gradients then differ in the last
 * float32 bits only.
 */
class Tf1GradientsVersusRegistryTest {
  @ParameterizedTest(name = "{0} bn-updates={1}")
  @CsvSource({"BATCH, KERAS", "BATCH, COLLECTED", "LAYER, KERAS", "NONE, KERAS"})
  void bitIdenticalWithoutTheArithmeticOptimizer(Normalization n, BnUpdates u) {
    List<List<double[]>> both = gradientsOfBoth(n, u, RewriterConfig.Toggle.OFF);
    for (int i = 0; i < both.get(0).size(); i++) {
      assertArrayEquals(both.get(1).get(i), both.get(0).get(i), "gradient " + i);
    }
  }

  @ParameterizedTest(name = "{0} bn-updates={1}")
  @CsvSource({"BATCH, KERAS", "NONE, KERAS"})
  void withinFloat32RoundingUnderTheDefaultOptimizer(Normalization n, BnUpdates u) {
    List<List<double[]>> both = gradientsOfBoth(n, u, RewriterConfig.Toggle.DEFAULT);
    double globalMax = both.get(1).stream().mapToDouble(GraphFixtures::maxAbs).max().orElse(0);
    for (int i = 0; i < both.get(0).size(); i++) {
      double[] reg = both.get(1).get(i);
      // A bias before batch norm has a zero gradient up to rounding: the global scale bounds it.
      double tol = 1e-5 * GraphFixtures.maxAbs(reg) + 1e-7 * globalMax;
      GraphVersusReferenceTest.assertClose("gradient " + i, reg, both.get(0).get(i), tol);
    }
  }

  /** The trainable variables' gradients of TF1's builder (index 0) and the registry's (1). */
  private static List<List<double[]>> gradientsOfBoth(Normalization n, BnUpdates u,
      RewriterConfig.Toggle arithmetic) {
    Random rnd = new Random(5);
    double[][] x = GraphFixtures.randomPixels(rnd, 64, 784);
    int[] y = GraphFixtures.randomLabels(rnd, 64, 10);
    ConfigProto config = ConfigProto.newBuilder().setGraphOptions(GraphOptions.newBuilder()
        .setRewriteOptions(RewriterConfig.newBuilder().setArithmeticOptimization(arithmetic)))
        .build();
    List<List<double[]>> out = new ArrayList<>();
    for (GradientBuilder gb : List.of(GradientBuilder.TF1, GradientBuilder.REGISTRY)) {
      GraphConfig c = GraphConfig.notebook().withNormalization(n).withBnUpdates(u)
          .withGradients(gb);
      try (NotebookGraph g = NotebookGraph.build(c); Session s = new Session(g.graph(), config)) {
        g.initialize(s);
        out.add(GraphFixtures.runValues(s, g, x, y, true, g.gradients()));
      }
    }
    assertEquals(out.get(0).size(), out.get(1).size());
    return out;
  }
}
