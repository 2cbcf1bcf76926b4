package hiddenlayer.graph;

import hiddenlayer.tf1.Tf1Variable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Session;

/**
 * One train step of the notebook's plain (NONE) graph from its initial state, against the closed
 * form of TF1's {@code ApplyAdam} at t = 1 (src/site/markdown/TF1_SEMANTICS.md section 5):
 * {@code m = (1-beta1) g}, {@code v = (1-beta2) g^2}, {@code alpha = lr sqrt(1-beta2)/(1-beta1)},
 * {@code var -= alpha m / (sqrt(v) + eps)}, computed in float64 from the initial values and
 * gradients fetched in a separate fresh session. Repeated in 20 fresh sessions: TF Java's own
 * {@code Adam} leaves its power updates unordered against its apply ops, so its first step can
 * use the already multiplied powers (section 6); TF1's must not.
 */
class AdamStepTest {
  private static final int SESSIONS = 20;
  // The float32 constants the graph holds, widened: the closed form then differs from the graph
  // only by float32 rounding.
  private static final double LR = 1e-3f;
  private static final double BETA1 = 0.9f;
  private static final double BETA2 = 0.999f;
  private static final double EPS = 1e-8f;

  @Test
  void firstStepIsTf1AdamClosedFormAndIdenticalInEveryFreshSession() {
    GraphConfig config = GraphConfig.notebook().withNormalization(Normalization.NONE);
    Random rnd = new Random(2020);
    double[][] x = GraphFixtures.randomPixels(rnd, 32, 784);
    int[] y = GraphFixtures.randomLabels(rnd, 32, 10);
    try (NotebookGraph g = NotebookGraph.build(config)) {
      List<Tf1Variable> vars = g.trainableVariables();
      List<Operand<?>> reads = new ArrayList<>();
      vars.forEach(v -> reads.add(v.read()));
      List<Operand<?>> before = new ArrayList<>(reads);
      before.addAll(g.gradients());
      List<float[]> initialAndGrads;
      try (Session s = GraphFixtures.session(g)) {
        initialAndGrads = GraphFixtures.runFloats(s, g, x, y, true, before);
      }

      // After the step: variables, their m and v slots (VAR/Adam, VAR/Adam_1), the powers.
      List<Operand<?>> after = new ArrayList<>(reads);
      vars.forEach(v -> after.add(GraphFixtures.variable(g, v.name() + "/Adam")));
      vars.forEach(v -> after.add(GraphFixtures.variable(g, v.name() + "/Adam_1")));
      after.add(GraphFixtures.op(g, "beta1_power"));
      after.add(GraphFixtures.op(g, "beta2_power"));

      List<float[]> first = null;
      for (int run = 0; run < SESSIONS; run++) {
        List<float[]> got;
        try (Session s = GraphFixtures.session(g)) {
          GraphFixtures.runFloats(s, g, x, y, true, List.of(), g.trainOp().op());
          got = GraphFixtures.runFloats(s, g, null, null, true, after);
        }
        if (first == null) {
          first = got;
          checkClosedForm(vars, initialAndGrads, got);
        } else {
          for (int i = 0; i < got.size(); i++) {
            assertArrayEquals(first.get(i), got.get(i), "session " + run + ", fetch " + i
                + " differs bitwise from session 0");
          }
        }
      }
    }
  }

  private static void checkClosedForm(List<Tf1Variable> vars, List<float[]> initialAndGrads,
      List<float[]> got) {
    int n = vars.size();
    double alpha = LR * Math.sqrt(1 - BETA2) / (1 - BETA1);
    int moved = 0;
    for (int k = 0; k < n; k++) {
      float[] w0 = initialAndGrads.get(k);
      float[] grad = initialAndGrads.get(n + k);
      float[] w1 = got.get(k);
      float[] m = got.get(n + k);
      float[] v = got.get(2 * n + k);
      String name = vars.get(k).name();
      for (int i = 0; i < w0.length; i++) {
        double gi = grad[i];
        double mi = (1 - BETA1) * gi;
        double vi = (1 - BETA2) * gi * gi;
        double wi = w0[i] - alpha * mi / (Math.sqrt(vi) + EPS);
        // m and v show which gradient the step applied: the pre-step one.
        assertEquals(mi, m[i], 2 * Math.ulp((float) mi), name + "/Adam[" + i + "]");
        assertEquals(vi, v[i], 4 * Math.ulp((float) vi) + Float.MIN_VALUE, name + "/Adam_1[" + i
            + "]");
        assertEquals(wi, w1[i], 2 * Math.ulp((float) wi) + 1e-6 * LR, name + "[" + i + "]");
        if (w1[i] != w0[i]) {
          moved++;
        }
      }
    }
    assertTrue(moved > 0, "the step moved nothing");
    // _finish: each power is multiplied once, after the ApplyAdam ops that read it.
    assertEquals(0.9f * 0.9f, got.get(3 * n)[0], 0f, "beta1_power");
    assertEquals(0.999f * 0.999f, got.get(3 * n + 1)[0], 0f, "beta2_power");
  }
}
