package hiddenlayer.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.reference.ReferenceMlp.Forward;
import hiddenlayer.reference.ReferenceMlp.Gradients;
import hiddenlayer.reference.ReferenceMlp.Norm;
import hiddenlayer.reference.ReferenceMlp.NormForward;
import hiddenlayer.reference.ReferenceMlp.NormGradients;
import hiddenlayer.reference.ReferenceMlp.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks the float64 reference against itself: finite differences and hand derivations. */
class ReferenceMlpTest {

  private static final int[] SIZES = {6, 5, 4, 3};
  private static final int BATCH = 7;
  private static final double STEP = 1e-6;
  /** Relative tolerance of the finite-difference check. */
  private static final double REL_TOL = 1e-6;
  /**
   * Absolute floor: central differences at step 1e-6 carry about 1e-16 / 1e-6 = 1e-10 of
   * rounding noise on a loss of order 1, which dominates for (near) zero gradients.
   */
  private static final double ABS_TOL = 1e-9;
  /**
   * Relative errors are reported (and held below REL_TOL) for derivatives above this size;
   * below it the 1e-10 rounding noise of the difference quotient alone exceeds 1e-6
   * relative, and the absolute bound ABS_TOL applies instead.
   */
  private static final double REL_FLOOR = 1e-3;

  static Stream<Arguments> variants() {
    List<Arguments> out = new ArrayList<>();
    for (Norm n : Norm.values()) {
      out.add(Arguments.of(n, true));
      out.add(Arguments.of(n, false));
    }
    return out.stream();
  }

  private static double[][] randomMatrix(Random rnd, int rows, int cols, double scale) {
    double[][] a = new double[rows][cols];
    for (double[] row : a) {
      for (int j = 0; j < cols; j++) {
        row[j] = scale * (2 * rnd.nextDouble() - 1);
      }
    }
    return a;
  }

  private static int[] randomLabels(Random rnd, int n, int classes) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rnd.nextInt(classes);
    }
    return y;
  }

  /** Tracks the worst relative error of analytic vs numeric derivatives. */
  private static final class Checker {
    final String label;
    double maxRel;
    String worst = "";
    int count;

    Checker(String label) {
      this.label = label;
    }

    void check(String what, double analytic, double numeric) {
      double diff = Math.abs(analytic - numeric);
      double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
      assertTrue(
          diff <= REL_TOL * scale + ABS_TOL,
          () -> label + " " + what + ": analytic " + analytic + " numeric " + numeric);
      if (scale > REL_FLOOR && diff / scale > maxRel) {
        maxRel = diff / scale;
        worst = what + " analytic " + analytic + " numeric " + numeric;
      }
      count++;
    }
  }

  /** Central difference of f with respect to a[i]; restores a[i]. */
  private static double central(double[] a, int i, DoubleSupplier f) {
    double saved = a[i];
    a[i] = saved + STEP;
    double plus = f.getAsDouble();
    a[i] = saved - STEP;
    double minus = f.getAsDouble();
    a[i] = saved;
    return (plus - minus) / (2 * STEP);
  }

  private static void checkVector(Checker c, String name, double[] p, double[] g,
      DoubleSupplier f) {
    assertEquals(p.length, g.length, name + " gradient length");
    for (int i = 0; i < p.length; i++) {
      c.check(name + "[" + i + "]", g[i], central(p, i, f));
    }
  }

  private static void checkMatrix(Checker c, String name, double[][] p, double[][] g,
      DoubleSupplier f) {
    assertEquals(p.length, g.length, name + " gradient rows");
    for (int r = 0; r < p.length; r++) {
      checkVector(c, name + "[" + r + "]", p[r], g[r], f);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Finite differences of the whole model

  @ParameterizedTest(name = "{0} training={1}")
  @MethodSource("variants")
  void gradientsMatchCentralDifferences(Norm norm, boolean training) {
    Random rnd = new Random(31 + norm.ordinal() * 2 + (training ? 1 : 0));
    Params p = Params.random(SIZES, norm, rnd, 0.7);
    ReferenceMlp mlp = new ReferenceMlp(SIZES, norm, p);
    double[][] x = randomMatrix(rnd, BATCH, SIZES[0], 1.0);
    int[] y = randomLabels(rnd, BATCH, SIZES[SIZES.length - 1]);

    Gradients g = mlp.gradients(x, y, training);
    DoubleSupplier loss = () -> mlp.forward(x, y, training).loss();
    assertEquals(loss.getAsDouble(), g.loss(), 0.0);

    Checker c = new Checker(norm + " training=" + training);
    for (int i = 0; i < p.layerCount(); i++) {
      checkMatrix(c, "W" + i, p.weights().get(i), g.gradW().get(i), loss);
      checkVector(c, "b" + i, p.biases().get(i), g.gradB().get(i), loss);
    }
    int nNorm = norm == Norm.NONE ? 0 : SIZES.length - 2;
    assertEquals(nNorm, g.gradGamma().size());
    assertEquals(nNorm, g.gradBeta().size());
    for (int i = 0; i < nNorm; i++) {
      checkVector(c, "gamma" + i, p.gammas().get(i), g.gradGamma().get(i), loss);
      checkVector(c, "beta" + i, p.betas().get(i), g.gradBeta().get(i), loss);
    }
    checkMatrix(c, "x", x, g.gradX(), loss);
    assertTrue(c.count > 100, "checked " + c.count + " entries");
    assertTrue(
        c.maxRel < REL_TOL, c.label + " max relative error " + c.maxRel + " at " + c.worst);
    System.out.printf(
        "reference FD %-5s training=%-5s entries=%d maxRelErr=%.2e%n",
        norm, training, c.count, c.maxRel);
  }

  /**
   * With batch statistics, a per-feature bias added before BN is removed by the mean
   * subtraction, so the loss does not depend on the hidden biases at all: their gradient is
   * zero up to rounding.
   */
  @Test
  void hiddenBiasGradientVanishesUnderTrainingBatchNorm() {
    Random rnd = new Random(5);
    Params p = Params.random(SIZES, Norm.BATCH, rnd, 0.7);
    ReferenceMlp mlp = new ReferenceMlp(SIZES, Norm.BATCH, p);
    double[][] x = randomMatrix(rnd, BATCH, SIZES[0], 1.0);
    int[] y = randomLabels(rnd, BATCH, 3);
    Gradients g = mlp.gradients(x, y, true);
    for (int i = 0; i < SIZES.length - 2; i++) {
      for (double v : g.gradB().get(i)) {
        assertEquals(0.0, v, 1e-15);
      }
    }
    // But not in inference mode, where the moving statistics are constants.
    Gradients gi = mlp.gradients(x, y, false);
    assertTrue(Math.abs(gi.gradB().get(0)[0]) > 1e-6);
  }

  /**
   * TF builds {@code var = mean(squared_difference(h, stop_gradient(mean)))}. The path it
   * cuts contributes {@code dL/dvar * dvar/dmean} with {@code dvar/dmean = -2 avg(h - mean)},
   * which is zero because deviations from the mean sum to zero. Check it numerically on the
   * actual pre-activations of the net (so the backward of the reference, which omits that
   * path like TF, is also the true gradient, as the finite differences confirm).
   */
  @ParameterizedTest
  @EnumSource(value = Norm.class, names = {"BATCH", "LAYER"})
  void stopGradientPathIsZero(Norm norm) {
    Random rnd = new Random(11);
    Params p = Params.random(SIZES, norm, rnd, 0.7);
    ReferenceMlp mlp = new ReferenceMlp(SIZES, norm, p);
    double[][] x = randomMatrix(rnd, BATCH, SIZES[0], 1.0);
    Forward fw = mlp.forward(x, randomLabels(rnd, BATCH, 3), true);
    for (int k = 0; k < fw.preActivations().size(); k++) {
      double[][] h = fw.preActivations().get(k);
      double[] mean = fw.means().get(k);
      int rows = h.length;
      int cols = h[0].length;
      int groups = norm == Norm.BATCH ? cols : rows;
      int members = norm == Norm.BATCH ? rows : cols;
      for (int gi = 0; gi < groups; gi++) {
        double sumDev = 0;
        double sumAbs = 0;
        for (int mi = 0; mi < members; mi++) {
          double v = norm == Norm.BATCH ? h[mi][gi] : h[gi][mi];
          sumDev += v - mean[gi];
          sumAbs += Math.abs(v);
        }
        double dVarDMean = -2 * sumDev / members;
        assertEquals(0.0, dVarDMean, 1e-14 * (1 + sumAbs));
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Standalone normalisation layers

  private static double dot(double[][] a, double[][] b) {
    double s = 0;
    for (int r = 0; r < a.length; r++) {
      for (int c = 0; c < a[r].length; c++) {
        s += a[r][c] * b[r][c];
      }
    }
    return s;
  }

  @ParameterizedTest
  @EnumSource(value = Norm.class, names = {"BATCH", "LAYER"})
  void normalisationBackwardMatchesCentralDifferences(Norm norm) {
    Random rnd = new Random(norm.ordinal() + 100);
    int n = 6;
    int f = 5;
    double[][] h = randomMatrix(rnd, n, f, 2.0);
    double[][] up = randomMatrix(rnd, n, f, 1.0);
    double[] gamma = randomMatrix(rnd, 1, f, 1.0)[0];
    double[] beta = randomMatrix(rnd, 1, f, 1.0)[0];
    double[] mm = randomMatrix(rnd, 1, f, 1.0)[0];
    double[] mv = randomMatrix(rnd, 1, f, 0.5)[0];
    for (int c = 0; c < f; c++) {
      mv[c] += 1.0;
    }
    List<Boolean> modes = norm == Norm.BATCH ? List.of(true, false) : List.of(true);
    for (boolean training : modes) {
      DoubleSupplier obj;
      NormGradients ng;
      if (norm == Norm.LAYER) {
        obj = () -> dot(up, ReferenceMlp.layerNorm(h, gamma, beta, 1e-12).out());
        ng = ReferenceMlp.layerNormBackward(h, gamma, 1e-12, up);
      } else if (training) {
        obj = () -> dot(up, ReferenceMlp.batchNormTraining(h, gamma, beta, 1e-3).out());
        ng = ReferenceMlp.batchNormTrainingBackward(h, gamma, 1e-3, up);
      } else {
        obj = () ->
            dot(up, ReferenceMlp.batchNormInference(h, gamma, beta, mm, mv, 1e-3).out());
        ng = ReferenceMlp.batchNormInferenceBackward(h, gamma, mm, mv, 1e-3, up);
      }
      Checker c = new Checker(norm + " layer training=" + training);
      checkMatrix(c, "h", h, ng.gradH(), obj);
      checkVector(c, "gamma", gamma, ng.gradGamma(), obj);
      checkVector(c, "beta", beta, ng.gradBeta(), obj);
      assertTrue(
          c.maxRel < REL_TOL, c.label + " max relative error " + c.maxRel + " at " + c.worst);
    }
  }

  /**
   * The standard textbook BN backward, {@code dh = inv * (g - avg g - (h - mean) avg(g (h -
   * mean)) / (var + eps))}, equals the reference's graph-form backward.
   */
  @Test
  void batchNormBackwardEqualsTextbookForm() {
    Random rnd = new Random(8);
    int n = 5;
    int f = 3;
    double[][] h = randomMatrix(rnd, n, f, 3.0);
    double[][] g = randomMatrix(rnd, n, f, 1.0);
    double[] gamma = {0.5, 1.5, -2.0};
    NormGradients ng = ReferenceMlp.batchNormTrainingBackward(h, gamma, 1e-3, g);
    for (int c = 0; c < f; c++) {
      double mean = 0;
      for (int r = 0; r < n; r++) {
        mean += h[r][c] / n;
      }
      double var = 0;
      double avgG = 0;
      double avgGd = 0;
      for (int r = 0; r < n; r++) {
        var += (h[r][c] - mean) * (h[r][c] - mean) / n;
        avgG += g[r][c] / n;
        avgGd += g[r][c] * (h[r][c] - mean) / n;
      }
      double inv = gamma[c] / Math.sqrt(var + 1e-3);
      for (int r = 0; r < n; r++) {
        double expected = inv * (g[r][c] - avgG - (h[r][c] - mean) * avgGd / (var + 1e-3));
        assertEquals(expected, ng.gradH()[r][c], 1e-12);
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Hand-derived forward values

  /**
   * Two rows {a, b} of one unit: mean = (a+b)/2, so h - mean = +-d with d = (a-b)/2, and var
   * = ((d)^2 + (-d)^2)/2 = d^2. Hence out = gamma * (+-d) / sqrt(d^2 + eps) + beta, i.e.
   * {@code +-gamma*|d|/sqrt(d^2+eps) + beta}, + for the larger row.
   */
  @Test
  void batchNormTwoRowsClosedForm() {
    // Exactly representable values, so d is exact; the 10 / 10.0078125 case has d^2 ~ eps.
    double[][] cases = {{3.0, -1.0}, {0.25, 0.75}, {10.0, 10.0078125}, {10.0, 10.0625},
        {-7.5, 2.0}};
    double gamma = 1.7;
    double beta = -0.3;
    for (double[] ab : cases) {
      double a = ab[0];
      double b = ab[1];
      double[][] h = {{a}, {b}};
      NormForward nf =
          ReferenceMlp.batchNormTraining(h, new double[] {gamma}, new double[] {beta}, 1e-3);
      double d = (a - b) / 2;
      double mag = gamma * Math.abs(d) / Math.sqrt(d * d + 1e-3);
      double expA = (a > b ? mag : -mag) + beta;
      double expB = (b > a ? mag : -mag) + beta;
      // TF's form h*inv + (beta - mean*inv) cancels terms of size |h*inv|: allow their
      // rounding.
      double inv = gamma / Math.sqrt(d * d + 1e-3);
      double tol = 4 * Math.ulp(Math.max(Math.abs(a), Math.abs(b)) * inv) + 1e-15;
      assertEquals(expA, nf.out()[0][0], tol, "row a of " + a + "," + b);
      assertEquals(expB, nf.out()[1][0], tol, "row b of " + a + "," + b);
      assertEquals(d * d, nf.variance()[0], 1e-15 * (1 + d * d));
    }
  }

  /**
   * A row with all-equal values has h - mean = 0, var = 0, so out = (h - mean)*inv + beta =
   * beta. TF's form {@code h*inv + (beta - mean*inv)} computes it as the difference of two
   * terms of size |mean*gamma|/sqrt(1e-12) = |mean*gamma|*1e6, so in floating point it is
   * beta only up to the rounding of those terms (exactly beta for a zero row). In float64 that
   * is ~1e-10 here; in TF's float32 it would be ~0.1 to 1 (worth knowing for graph checks).
   */
  @Test
  void layerNormOfConstantRowIsBeta() {
    double[] gamma = {1.3, -0.4, 2.0, 0.9};
    double[] beta = {0.1, -0.2, 0.3, -0.4};
    double[][] h = {
      {2.5, 2.5, 2.5, 2.5}, {-3.0, -3.0, -3.0, -3.0}, {1.0, 2.0, 3.0, 4.0}, {0, 0, 0, 0}
    };
    NormForward nf = ReferenceMlp.layerNorm(h, gamma, beta, 1e-12);
    assertEquals(0.0, nf.variance()[0], 0.0);
    assertEquals(0.0, nf.variance()[1], 0.0);
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 4; c++) {
        double termSize = Math.abs(h[r][c] * gamma[c]) * 1e6;
        assertEquals(beta[c], nf.out()[r][c], 4 * Math.ulp(termSize), "row " + r);
      }
    }
    assertArrayEquals(beta, nf.out()[3], 0.0);
    // Any constant (mean not exactly representable): still beta up to rounding * 1e6.
    double[][] h2 = {{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}};
    double[] g7 = {1, 1, 1, 1, 1, 1, 1};
    double[] b7 = {0, 1, 2, 3, 4, 5, 6};
    assertArrayEquals(b7, ReferenceMlp.layerNorm(h2, g7, b7, 1e-12).out()[0], 1e-8);
    // Non-constant row: zero mean, unit (biased) variance before gamma/beta.
    double[] row = nf.out()[2];
    double mean = 2.5;
    double sd = Math.sqrt(1.25);
    for (int c = 0; c < 4; c++) {
      double z = (h[2][c] - mean) / sd;
      assertEquals(z * gamma[c] + beta[c], row[c], 1e-9);
    }
  }

  /**
   * The UPDATE_OPS pitfall: with the initial moving statistics (0, 1) inference is
   * h*gamma/sqrt(1+eps)+beta.
   */
  @Test
  void batchNormInferenceWithInitialMovingStatistics() {
    double[][] h = {{300.0, -12.0}, {150.5, 0.25}};
    double[] gamma = {1.0, 2.0};
    double[] beta = {0.0, 0.5};
    NormForward nf =
        ReferenceMlp.batchNormInference(h, gamma, beta, new double[2], new double[] {1, 1},
            1e-3);
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        assertEquals(h[r][c] * gamma[c] / Math.sqrt(1.001) + beta[c], nf.out()[r][c], 1e-12);
      }
    }
  }

  @Test
  void layerNormSameInTrainingAndInference() {
    Random rnd = new Random(3);
    Params p = Params.random(SIZES, Norm.LAYER, rnd, 0.7);
    ReferenceMlp mlp = new ReferenceMlp(SIZES, Norm.LAYER, p);
    double[][] x = randomMatrix(rnd, BATCH, SIZES[0], 1.0);
    int[] y = randomLabels(rnd, BATCH, 3);
    assertEquals(mlp.forward(x, y, true).loss(), mlp.forward(x, y, false).loss(), 0.0);
    assertArrayEquals(
        mlp.gradients(x, y, true).gradW().get(0)[2],
        mlp.gradients(x, y, false).gradW().get(0)[2],
        0.0);
  }

  // ---------------------------------------------------------------------------------------
  // Loss and accuracy

  @Test
  void lossAndAccuracyByHand() {
    // Zero weights: logits are the last bias for every row.
    int[] sizes = {2, 3, 3};
    List<double[][]> ws = List.of(new double[2][3], new double[3][3]);
    List<double[]> bs = List.of(new double[3], new double[] {0.5, 0.5, 0.1});
    ReferenceMlp mlp = new ReferenceMlp(sizes, Norm.NONE, Params.withDefaults(Norm.NONE, ws, bs));
    double[][] x = {{1, 2}, {3, 4}, {5, 6}, {7, 8}};
    int[] y = {0, 1, 0, 2};
    Forward fw = mlp.forward(x, y, true);
    // Tie between classes 0 and 1: argmax takes the first, class 0.
    assertEquals(0.5, fw.accuracy(), 0.0);
    double lse = Math.log(2 * Math.exp(0.5) + Math.exp(0.1));
    double[] expected = {lse - 0.5, lse - 0.5, lse - 0.5, lse - 0.1};
    assertArrayEquals(expected, fw.costs(), 1e-15);
    assertEquals((3 * (lse - 0.5) + lse - 0.1) / 4, fw.loss(), 1e-15);
    assertEquals(1, ReferenceMlp.argmax(new double[] {1, 3, 3}));
    assertEquals(0, ReferenceMlp.argmax(new double[] {2, 2, 2}));
  }

  // ---------------------------------------------------------------------------------------
  // Moving statistics

  @Test
  void movingStatisticsUpdate() {
    Random rnd = new Random(17);
    Params p = Params.random(SIZES, Norm.BATCH, rnd, 0.7);
    // Start from the TF initial values 0 and 1.
    for (int i = 0; i < p.movingMeans().size(); i++) {
      java.util.Arrays.fill(p.movingMeans().get(i), 0.0);
      java.util.Arrays.fill(p.movingVariances().get(i), 1.0);
    }
    ReferenceMlp mlp = new ReferenceMlp(SIZES, Norm.BATCH, p);
    double[][] x = randomMatrix(rnd, BATCH, SIZES[0], 1.0);
    Forward fw = mlp.forward(x, new int[BATCH], true);

    // Independent batch statistics of layer 0: columns of x W0 + b0.
    double[][] w0 = p.weights().get(0);
    double[] b0 = p.biases().get(0);
    for (int c = 0; c < SIZES[1]; c++) {
      double[] col = new double[BATCH];
      double mean = 0;
      for (int r = 0; r < BATCH; r++) {
        col[r] = b0[c];
        for (int j = 0; j < SIZES[0]; j++) {
          col[r] += x[r][j] * w0[j][c];
        }
        mean += col[r] / BATCH;
      }
      double var = 0;
      for (int r = 0; r < BATCH; r++) {
        var += (col[r] - mean) * (col[r] - mean) / BATCH;
      }
      assertEquals(mean, fw.means().get(0)[c], 1e-13);
      assertEquals(var, fw.variances().get(0)[c], 1e-13);
    }

    mlp.updateMovingStatistics(x);
    for (int i = 0; i < SIZES.length - 2; i++) {
      for (int c = 0; c < SIZES[i + 1]; c++) {
        double bm = fw.means().get(i)[c];
        double bv = fw.variances().get(i)[c];
        assertEquals(0.01 * bm, p.movingMeans().get(i)[c], 1e-15);
        assertEquals(0.99 + 0.01 * bv, p.movingVariances().get(i)[c], 1e-15);
      }
    }
    // Second update: moving -= (moving - batch) * 0.01 again, from the new values.
    double mm1 = p.movingMeans().get(1)[2];
    double mv1 = p.movingVariances().get(1)[2];
    mlp.updateMovingStatistics(x);
    assertEquals(mm1 - (mm1 - fw.means().get(1)[2]) * (1 - 0.99), p.movingMeans().get(1)[2],
        1e-16);
    assertEquals(mv1 - (mv1 - fw.variances().get(1)[2]) * (1 - 0.99),
        p.movingVariances().get(1)[2], 1e-16);
  }

  // ---------------------------------------------------------------------------------------
  // Adam

  /**
   * From m = v = 0 at t = 1: m = (1-b1) g, v = (1-b2) g^2, alpha = lr sqrt(1-b2)/(1-b1), so
   * the update is lr sqrt(1-b2) g / (sqrt(1-b2)|g| + eps) = lr g / (|g| + eps/sqrt(1-b2)),
   * about lr * sign(g) when |g| >> eps (with b1 0.9, b2 0.999: lr*sqrt(0.001)/0.1 * 0.1 g /
   * (sqrt(0.001)|g| + eps)).
   */
  @Test
  void adamFirstStepClosedForm() {
    double lr = 1e-3;
    double[] g = {3.7, -0.02, 1e-9, -4e-8, 0.0, 123456.0};
    double[] var = {1.0, -2.0, 0.5, 0.0, 7.0, 0.25};
    double[] before = var.clone();
    ReferenceAdam adam = new ReferenceAdam(lr);
    adam.step(List.of(var), List.of(g));
    double b2 = 0.999;
    for (int i = 0; i < g.length; i++) {
      double expected = lr * g[i] / (Math.abs(g[i]) + 1e-8 / Math.sqrt(1 - b2));
      // Compare the new value itself: before - var would cancel the bits of var.
      assertEquals(before[i] - expected, var[i],
          2 * Math.ulp(before[i]) + 1e-14 * Math.abs(expected), "g=" + g[i]);
    }
    // |g| >> eps: about lr * sign(g) (relative gap eps/(sqrt(1-b2)|g|) = 8.5e-8 for 3.7).
    assertEquals(lr, before[0] - var[0], lr * 1e-6);
    assertEquals(-lr, before[1] - var[1], lr * 2e-5); // gap 1.6e-5 for |g| = 0.02
    assertEquals(0.0, before[4] - var[4], 0.0);
    assertEquals(1, adam.iterations());
    assertEquals(0.9 * 0.9, adam.beta1Power(), 1e-16);
    assertEquals(0.999 * 0.999, adam.beta2Power(), 1e-16);
    double[] m = (double[]) adam.firstMoment(var);
    assertEquals((1 - 0.9) * 3.7, m[0], 1e-16);
  }

  /**
   * Two steps, hand-expanded: m2 = (1-b1)(b1 g1 + g2), v2 = (1-b2)(b2 g1^2 + g2^2), alpha2 =
   * lr sqrt(1-b2^2)/(1-b1^2).
   */
  @Test
  void adamSecondStepClosedForm() {
    double lr = 0.01;
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-8;
    double g1 = 0.3;
    double g2 = -1.1;
    double[] var = {2.0};
    ReferenceAdam adam = new ReferenceAdam(lr);
    adam.step(List.of(var), List.of(new double[] {g1}));
    double after1 = var[0];
    adam.step(List.of(var), List.of(new double[] {g2}));
    double m2 = (1 - b1) * (b1 * g1 + g2);
    double v2 = (1 - b2) * (b2 * g1 * g1 + g2 * g2);
    double alpha2 = lr * Math.sqrt(1 - b2 * b2) / (1 - b1 * b1);
    assertEquals(after1 - alpha2 * m2 / (Math.sqrt(v2) + eps), var[0], 1e-15);
  }

  /** The Params step moves exactly the trainables (W, b, gamma, beta), never moving stats. */
  @Test
  void adamStepOnModelMovesTrainablesOnly() {
    Random rnd = new Random(23);
    Params p = Params.random(SIZES, Norm.BATCH, rnd, 0.7);
    Params before = p.copy();
    ReferenceMlp mlp = new ReferenceMlp(SIZES, Norm.BATCH, p);
    double[][] x = randomMatrix(rnd, BATCH, SIZES[0], 1.0);
    int[] y = randomLabels(rnd, BATCH, 3);
    Gradients g = mlp.gradients(x, y, false);
    ReferenceAdam adam = new ReferenceAdam(1e-3);
    adam.step(p, g);
    double lrEff = 1e-3;
    for (int i = 0; i < p.layerCount(); i++) {
      double gw = g.gradW().get(i)[1][0];
      double moved = before.weights().get(i)[1][0] - p.weights().get(i)[1][0];
      assertEquals(lrEff * gw / (Math.abs(gw) + 1e-8 / Math.sqrt(1 - 0.999)), moved, 1e-17);
      assertNotEquals(before.biases().get(i)[0], p.biases().get(i)[0]);
    }
    for (int i = 0; i < p.gammas().size(); i++) {
      assertNotEquals(before.gammas().get(i)[0], p.gammas().get(i)[0]);
      assertNotEquals(before.betas().get(i)[0], p.betas().get(i)[0]);
      assertArrayEquals(before.movingMeans().get(i), p.movingMeans().get(i), 0.0);
      assertArrayEquals(before.movingVariances().get(i), p.movingVariances().get(i), 0.0);
    }
    // Training lowers the loss on a fixed batch.
    double loss0 = mlp.forward(x, y, true).loss();
    for (int s = 0; s < 50; s++) {
      adam.step(p, mlp.gradients(x, y, true));
    }
    assertTrue(mlp.forward(x, y, true).loss() < loss0);
  }
}
