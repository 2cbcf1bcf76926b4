package hiddenlayer.graph;

import static hiddenlayer.graph.GraphFixtures.flatten;
import static hiddenlayer.graph.GraphFixtures.maxAbs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.reference.ReferenceMlp;
import hiddenlayer.tf1.Tf1Variable;
import hiddenlayer.tf1.gradients.GradientBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Operand;
import org.tensorflow.Session;

/**
 * The graph's loss, accuracy, logits and gradients against the independent float64 reference
 * (src/test/java/hiddenlayer/reference/ReferenceMlp.java, which implements
 * src/site/markdown/TF1_SEMANTICS.md sections 3 to 5 and is itself checked by finite differences in
 * ReferenceMlpTest), evaluated at the graph's own initial variables.
 */
class GraphVersusReferenceTest {
  private static final List<Integer> SMALL = List.of(12, 8, 8, 5);

  @ParameterizedTest(name = "{0} training={1} gradients={2}")
  @CsvSource({"NONE, true, REGISTRY", "NONE, false, REGISTRY", "LAYER, true, REGISTRY",
      "LAYER, false, REGISTRY", "BATCH, true, REGISTRY", "BATCH, false, REGISTRY",
      "NONE, true, TF1", "NONE, false, TF1", "LAYER, true, TF1", "LAYER, false, TF1",
      "BATCH, true, TF1", "BATCH, false, TF1"})
  void smallGraphMatchesFloat64Reference(Normalization n, boolean training, GradientBuilder gb) {
    GraphConfig config =
        GraphConfig.notebook().withUnits(SMALL).withNormalization(n).withGradients(gb);
    Random rnd = new Random(7 + n.ordinal() * 2L + (training ? 1 : 0));
    compare(config, GraphFixtures.randomInputs(rnd, 16, 12, 1.0),
        GraphFixtures.randomLabels(rnd, 16, 5), training);
  }

  @ParameterizedTest(name = "{0} training={1} gradients={2}")
  @CsvSource({"NONE, true, REGISTRY", "LAYER, true, REGISTRY", "BATCH, true, REGISTRY",
      "BATCH, false, REGISTRY", "NONE, true, TF1", "LAYER, true, TF1", "BATCH, true, TF1",
      "BATCH, false, TF1"})
  void notebookShapesMatchFloat64Reference(Normalization n, boolean training,
      GradientBuilder gb) {
    // 784-512-512-10, batch 8, pixels 0..255 as the notebook feeds them.
    GraphConfig config = GraphConfig.notebook().withNormalization(n).withGradients(gb);
    Random rnd = new Random(11 + n.ordinal());
    compare(config, GraphFixtures.randomPixels(rnd, 8, 784),
        GraphFixtures.randomLabels(rnd, 8, 10), training);
  }

  private static void compare(GraphConfig config, double[][] x, int[] y, boolean training) {
    try (NotebookGraph g = NotebookGraph.build(config);
        Session s = GraphFixtures.session(g)) {
      ReferenceMlp.Params params = GraphFixtures.params(s, g);
      ReferenceMlp ref =
          new ReferenceMlp(GraphFixtures.sizes(g), GraphFixtures.norm(config.normalization()),
              params);
      List<Operand<?>> fetches = new ArrayList<>(List.of(g.loss(), g.accuracy(), g.yHat()));
      fetches.addAll(g.gradients());
      List<double[]> got = GraphFixtures.runValues(s, g, x, y, training, fetches);

      ReferenceMlp.Forward fw = ref.forward(x, y, training);
      ReferenceMlp.Gradients gr = ref.gradients(x, y, training);
      assertEquals(fw.loss(), got.get(0)[0], 1e-5 * Math.abs(fw.loss()), "loss");
      assertEquals(fw.accuracy(), got.get(1)[0], 0.0, "accuracy");
      double[] logits = flatten(fw.logits());
      assertClose("y_hat", logits, got.get(2), 1e-5 * Math.max(1, maxAbs(logits)));

      List<double[]> expected = referenceGradients(g, gr);
      double globalMax = expected.stream().mapToDouble(GraphFixtures::maxAbs).max().orElse(0);
      List<Tf1Variable> vars = g.trainableVariables();
      assertEquals(vars.size(), g.gradients().size());
      for (int i = 0; i < vars.size(); i++) {
        double tol = 1e-4 * maxAbs(expected.get(i)) + 1e-6 * globalMax;
        assertClose("d loss / d " + vars.get(i).name(), expected.get(i), got.get(3 + i), tol);
      }
    }
  }

  /** The reference gradients in trainableVariables() order, matched by variable name. */
  private static List<double[]> referenceGradients(NotebookGraph g, ReferenceMlp.Gradients gr) {
    List<double[]> out = new ArrayList<>();
    for (Tf1Variable v : g.trainableVariables()) {
      int w = g.weights().indexOf(v);
      int b = g.biases().indexOf(v);
      if (w >= 0) {
        out.add(flatten(gr.gradW().get(w)));
      } else if (b >= 0) {
        out.add(gr.gradB().get(b));
      } else if (v.name().endsWith("/gamma")) {
        out.add(gr.gradGamma().get(GraphFixtures.normVariables(g, "gamma").indexOf(v)));
      } else if (v.name().endsWith("/beta")) {
        out.add(gr.gradBeta().get(GraphFixtures.normVariables(g, "beta").indexOf(v)));
      } else {
        throw new AssertionError("unexpected trainable variable " + v.name());
      }
    }
    return out;
  }

  static void assertClose(String what, double[] expected, double[] actual, double tol) {
    assertEquals(expected.length, actual.length, what + ": size");
    double worst = 0;
    int at = -1;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs(expected[i] - actual[i]);
      if (!(d <= worst)) {
        worst = d;
        at = i;
      }
    }
    double w = worst;
    int a = at;
    assertTrue(worst <= tol, () -> what + ": |difference| " + w + " > " + tol + " at " + a
        + " (expected " + expected[a] + ", got " + actual[a] + ")");
  }
}
