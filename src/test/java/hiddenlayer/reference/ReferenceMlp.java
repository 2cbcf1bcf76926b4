package hiddenlayer.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Independent plain-Java float64 reference of the notebook's model (no TensorFlow), used to
 * check the TensorFlow graph.
 *
 * <p>Model: for each layer {@code i}, {@code h = a W_i + b_i}; for every hidden layer
 * {@code h} is normalised ({@link Norm}) and passed through {@code tanh}; the last layer is
 * linear (the logits). Loss: softmax cross-entropy with one-hot labels, averaged over the
 * batch. See src/site/markdown/TF1_SEMANTICS.md sections 3 to 5.
 *
 * <p>Normalisation, as TF1 builds it ({@code tf.nn.batch_normalization} form):
 *
 * <pre>
 *   mean = reduce_mean(h, axis)                               // axis 0 for BN, 1 for LN
 *   var  = reduce_mean(squared_difference(h, stop_gradient(mean)), axis)   // biased (/N)
 *   inv  = rsqrt(var + eps) * gamma
 *   out  = h * inv + (beta - mean * inv)
 * </pre>
 *
 * BATCH: eps 1e-3, batch statistics when training, moving statistics otherwise. LAYER: eps
 * 1e-12, per-row statistics in both modes, gamma/beta per feature.
 *
 * <p>The instance holds its {@link Params} by reference: {@link ReferenceAdam} and
 * {@link #updateMovingStatistics} change those arrays in place.
 */
public final class ReferenceMlp {

  /** Normalisation applied to each hidden pre-activation. */
  public enum Norm {
    NONE,
    BATCH,
    LAYER
  }

  /** {@code tf.keras.layers.BatchNormalization} default epsilon. */
  public static final double BN_EPSILON = 1e-3;
  /** {@code tf.contrib.layers.layer_norm} variance epsilon. */
  public static final double LN_EPSILON = 1e-12;
  /** {@code tf.keras.layers.BatchNormalization} default momentum. */
  public static final double BN_MOMENTUM = 0.99;

  /**
   * All parameters. {@code weights.get(i)} is {@code [n_in][n_out]}, {@code biases.get(i)} is
   * {@code [n_out]}, for i in 0..L-1. For {@link Norm#BATCH} and {@link Norm#LAYER},
   * {@code gammas}/{@code betas} have one {@code [n_out]} entry per hidden layer (L-1 of
   * them), else they are empty. For {@link Norm#BATCH}, {@code movingMeans} and
   * {@code movingVariances} likewise (non-trainable), else empty.
   */
  public record Params(
      List<double[][]> weights,
      List<double[]> biases,
      List<double[]> gammas,
      List<double[]> betas,
      List<double[]> movingMeans,
      List<double[]> movingVariances) {

    /**
     * Given weights and biases, plus the TF defaults for the normalisation parameters: gamma
     * 1, beta 0, moving_mean 0, moving_variance 1. The arrays are used as given (not copied).
     */
    public static Params withDefaults(
        Norm norm, List<double[][]> weights, List<double[]> biases) {
      List<double[]> gammas = new ArrayList<>();
      List<double[]> betas = new ArrayList<>();
      List<double[]> mms = new ArrayList<>();
      List<double[]> mvs = new ArrayList<>();
      for (int i = 0; i < weights.size() - 1; i++) {
        int n = biases.get(i).length;
        if (norm != Norm.NONE) {
          gammas.add(filled(n, 1.0));
          betas.add(new double[n]);
        }
        if (norm == Norm.BATCH) {
          mms.add(new double[n]);
          mvs.add(filled(n, 1.0));
        }
      }
      return new Params(
          new ArrayList<>(weights), new ArrayList<>(biases), gammas, betas, mms, mvs);
    }

    /**
     * Random parameters for tests: W, b, gamma-1, beta, moving_mean uniform in
     * [-scale, scale]; moving_variance uniform in [0.5, 1.5].
     */
    public static Params random(int[] sizes, Norm norm, Random rnd, double scale) {
      List<double[][]> ws = new ArrayList<>();
      List<double[]> bs = new ArrayList<>();
      for (int i = 0; i + 1 < sizes.length; i++) {
        double[][] w = new double[sizes[i]][sizes[i + 1]];
        for (double[] row : w) {
          for (int j = 0; j < row.length; j++) {
            row[j] = scale * (2 * rnd.nextDouble() - 1);
          }
        }
        ws.add(w);
        bs.add(uniform(sizes[i + 1], rnd, 0, scale));
      }
      Params p = withDefaults(norm, ws, bs);
      for (int i = 0; i < p.gammas.size(); i++) {
        p.gammas.set(i, uniform(p.gammas.get(i).length, rnd, 1, scale));
        p.betas.set(i, uniform(p.betas.get(i).length, rnd, 0, scale));
      }
      for (int i = 0; i < p.movingMeans.size(); i++) {
        p.movingMeans.set(i, uniform(p.movingMeans.get(i).length, rnd, 0, scale));
        p.movingVariances.set(i, uniform(p.movingVariances.get(i).length, rnd, 1, 0.5));
      }
      return p;
    }

    /** Deep copy. */
    public Params copy() {
      return new Params(
          copy2(weights), copy1(biases), copy1(gammas), copy1(betas), copy1(movingMeans),
          copy1(movingVariances));
    }

    /** Number of layers L (= sizes.length - 1). */
    public int layerCount() {
      return weights.size();
    }

    private static List<double[][]> copy2(List<double[][]> l) {
      List<double[][]> out = new ArrayList<>();
      for (double[][] a : l) {
        out.add(ReferenceMlp.copy(a));
      }
      return out;
    }

    private static List<double[]> copy1(List<double[]> l) {
      List<double[]> out = new ArrayList<>();
      for (double[] a : l) {
        out.add(a.clone());
      }
      return out;
    }
  }

  /**
   * Result of a forward pass. Per hidden layer i (0..L-2): {@code preActivations.get(i)} is
   * {@code h = a W + b}, {@code normalized.get(i)} the normalisation output (equal to h for
   * NONE), {@code activations.get(i)} its tanh. {@code means}/{@code variances}
   * are the statistics used by the normalisation (BATCH training: the batch
   * statistics, per feature [n_out]; BATCH inference: copies of the moving statistics;
   * LAYER: per row [N]; NONE: empty).
   */
  public record Forward(
      double[][] logits,
      double[] costs,
      double loss,
      double accuracy,
      List<double[][]> preActivations,
      List<double[][]> normalized,
      List<double[][]> activations,
      List<double[]> means,
      List<double[]> variances) {}

  /**
   * Gradients of the mean loss. {@code gradW.get(i)} matches {@code weights.get(i)},
   * {@code gradB.get(i)} {@code biases.get(i)}, {@code gradGamma.get(i)}/{@code gradBeta.get(i)}
   * the hidden layer i normalisation (empty for NONE); {@code gradX} is d loss / d x.
   */
  public record Gradients(
      double loss,
      List<double[][]> gradW,
      List<double[]> gradB,
      List<double[]> gradGamma,
      List<double[]> gradBeta,
      double[][] gradX) {}

  /** Output of a standalone normalisation forward. */
  public record NormForward(double[][] out, double[] mean, double[] variance) {}

  /** Gradients of a standalone normalisation given the upstream gradient of its output. */
  public record NormGradients(double[][] gradH, double[] gradGamma, double[] gradBeta) {}

  private final int[] sizes;
  private final Norm norm;
  private final Params params;

  /** The params are held by reference (not copied). */
  public ReferenceMlp(int[] sizes, Norm norm, Params params) {
    this.sizes = sizes.clone();
    this.norm = norm;
    this.params = params;
    int layers = sizes.length - 1;
    int hidden = layers - 1;
    check(params.weights.size() == layers && params.biases.size() == layers, "layer count");
    for (int i = 0; i < layers; i++) {
      double[][] w = params.weights.get(i);
      check(w.length == sizes[i], "W" + i + " rows");
      for (double[] row : w) {
        check(row.length == sizes[i + 1], "W" + i + " cols");
      }
      check(params.biases.get(i).length == sizes[i + 1], "b" + i);
    }
    int nNorm = norm == Norm.NONE ? 0 : hidden;
    int nMoving = norm == Norm.BATCH ? hidden : 0;
    check(params.gammas.size() == nNorm && params.betas.size() == nNorm, "gamma/beta count");
    check(
        params.movingMeans.size() == nMoving && params.movingVariances.size() == nMoving,
        "moving statistics count");
    for (int i = 0; i < nNorm; i++) {
      check(params.gammas.get(i).length == sizes[i + 1], "gamma" + i);
      check(params.betas.get(i).length == sizes[i + 1], "beta" + i);
    }
    for (int i = 0; i < nMoving; i++) {
      check(params.movingMeans.get(i).length == sizes[i + 1], "moving_mean" + i);
      check(params.movingVariances.get(i).length == sizes[i + 1], "moving_variance" + i);
    }
  }

  public int[] sizes() {
    return sizes.clone();
  }

  public Norm norm() {
    return norm;
  }

  /** The live parameters (same arrays the model uses). */
  public Params params() {
    return params;
  }

  // ---------------------------------------------------------------------------------------
  // Forward

  /** Forward pass: logits, per-example costs, mean loss, accuracy. */
  public Forward forward(double[][] x, int[] labels, boolean training) {
    int layers = sizes.length - 1;
    check(x.length == labels.length, "batch size of x and labels");
    List<double[][]> pre = new ArrayList<>();
    List<double[][]> normed = new ArrayList<>();
    List<double[][]> acts = new ArrayList<>();
    List<double[]> means = new ArrayList<>();
    List<double[]> vars = new ArrayList<>();
    double[][] a = x;
    double[][] logits = null;
    for (int i = 0; i < layers; i++) {
      double[][] h = affine(a, params.weights.get(i), params.biases.get(i));
      if (i == layers - 1) {
        logits = h;
        break;
      }
      pre.add(h);
      double[][] n;
      if (norm == Norm.NONE) {
        n = h;
      } else {
        NormForward nf = normForward(i, h, training);
        n = nf.out();
        means.add(nf.mean());
        vars.add(nf.variance());
      }
      normed.add(n);
      double[][] t = new double[n.length][n[0].length];
      for (int r = 0; r < n.length; r++) {
        for (int c = 0; c < n[r].length; c++) {
          t[r][c] = Math.tanh(n[r][c]);
        }
      }
      acts.add(t);
      a = t;
    }
    int batch = x.length;
    double[] costs = new double[batch];
    double sum = 0;
    int correct = 0;
    for (int r = 0; r < batch; r++) {
      costs[r] = logSumExp(logits[r]) - logits[r][labels[r]];
      sum += costs[r];
      if (argmax(logits[r]) == labels[r]) {
        correct++;
      }
    }
    return new Forward(
        logits, costs, sum / batch, (double) correct / batch, pre, normed, acts, means, vars);
  }

  private NormForward normForward(int i, double[][] h, boolean training) {
    double[] gamma = params.gammas.get(i);
    double[] beta = params.betas.get(i);
    if (norm == Norm.LAYER) {
      return layerNorm(h, gamma, beta, LN_EPSILON);
    }
    if (training) {
      return batchNormTraining(h, gamma, beta, BN_EPSILON);
    }
    return batchNormInference(
        h, gamma, beta, params.movingMeans.get(i), params.movingVariances.get(i), BN_EPSILON);
  }

  /** BN with batch statistics over axis 0 (biased variance). */
  public static NormForward batchNormTraining(
      double[][] h, double[] gamma, double[] beta, double eps) {
    int n = h.length;
    int f = gamma.length;
    double[] mean = new double[f];
    double[] var = new double[f];
    for (int c = 0; c < f; c++) {
      double s = 0;
      for (int r = 0; r < n; r++) {
        s += h[r][c];
      }
      mean[c] = s / n;
      double q = 0;
      for (int r = 0; r < n; r++) {
        double d = h[r][c] - mean[c];
        q += d * d;
      }
      var[c] = q / n;
    }
    return new NormForward(applyPerFeature(h, gamma, beta, mean, var, eps), mean, var);
  }

  /** BN with given (moving) statistics. */
  public static NormForward batchNormInference(
      double[][] h,
      double[] gamma,
      double[] beta,
      double[] movingMean,
      double[] movingVariance,
      double eps) {
    return new NormForward(
        applyPerFeature(h, gamma, beta, movingMean, movingVariance, eps),
        movingMean.clone(),
        movingVariance.clone());
  }

  private static double[][] applyPerFeature(
      double[][] h, double[] gamma, double[] beta, double[] mean, double[] var, double eps) {
    int f = gamma.length;
    double[] inv = new double[f];
    double[] shift = new double[f];
    for (int c = 0; c < f; c++) {
      inv[c] = gamma[c] / Math.sqrt(var[c] + eps);
      shift[c] = beta[c] - mean[c] * inv[c];
    }
    double[][] out = new double[h.length][f];
    for (int r = 0; r < h.length; r++) {
      for (int c = 0; c < f; c++) {
        out[r][c] = h[r][c] * inv[c] + shift[c];
      }
    }
    return out;
  }

  /** LN: per-row statistics over axis 1 (biased variance), gamma/beta per feature. */
  public static NormForward layerNorm(double[][] h, double[] gamma, double[] beta, double eps) {
    int n = h.length;
    int f = gamma.length;
    double[] mean = new double[n];
    double[] var = new double[n];
    double[][] out = new double[n][f];
    for (int r = 0; r < n; r++) {
      double s = 0;
      for (int c = 0; c < f; c++) {
        s += h[r][c];
      }
      mean[r] = s / f;
      double q = 0;
      for (int c = 0; c < f; c++) {
        double d = h[r][c] - mean[r];
        q += d * d;
      }
      var[r] = q / f;
      double rs = 1.0 / Math.sqrt(var[r] + eps);
      for (int c = 0; c < f; c++) {
        double inv = rs * gamma[c];
        out[r][c] = h[r][c] * inv + (beta[c] - mean[r] * inv);
      }
    }
    return new NormForward(out, mean, var);
  }

  // ---------------------------------------------------------------------------------------
  // Backward

  /** Gradients of the mean loss with respect to every trainable parameter and to x. */
  public Gradients gradients(double[][] x, int[] labels, boolean training) {
    Forward fw = forward(x, labels, training);
    int layers = sizes.length - 1;
    int batch = x.length;
    double[][][] gradW = new double[layers][][];
    double[][] gradB = new double[layers][];
    double[][] gradGamma = new double[layers - 1][];
    double[][] gradBeta = new double[layers - 1][];

    // d loss / d logits = (softmax(z) - onehot(y)) / N.
    double[][] g = new double[batch][];
    for (int r = 0; r < batch; r++) {
      double[] z = fw.logits()[r];
      double lse = logSumExp(z);
      g[r] = new double[z.length];
      for (int c = 0; c < z.length; c++) {
        g[r][c] = (Math.exp(z[c] - lse) - (c == labels[r] ? 1 : 0)) / batch;
      }
    }
    for (int i = layers - 1; i >= 0; i--) {
      // g = d loss / d h_i, h_i = a_{i-1} W_i + b_i.
      double[][] in = i == 0 ? x : fw.activations().get(i - 1);
      double[][] w = params.weights.get(i);
      gradW[i] = matTmul(in, g);
      gradB[i] = colSums(g);
      double[][] ga = matmulT(g, w);
      if (i == 0) {
        g = ga;
        break;
      }
      // Back through tanh of hidden layer i-1: d tanh(n) = 1 - tanh(n)^2.
      double[][] t = fw.activations().get(i - 1);
      for (int r = 0; r < batch; r++) {
        for (int c = 0; c < ga[r].length; c++) {
          ga[r][c] *= 1 - t[r][c] * t[r][c];
        }
      }
      // Back through the normalisation of hidden layer i-1.
      int k = i - 1;
      if (norm == Norm.NONE) {
        g = ga;
      } else {
        double[][] h = fw.preActivations().get(k);
        double[] gamma = params.gammas.get(k);
        NormGradients ng;
        if (norm == Norm.LAYER) {
          ng = layerNormBackward(h, gamma, LN_EPSILON, ga);
        } else if (training) {
          ng = batchNormTrainingBackward(h, gamma, BN_EPSILON, ga);
        } else {
          ng =
              batchNormInferenceBackward(
                  h, gamma, params.movingMeans.get(k), params.movingVariances.get(k),
                  BN_EPSILON, ga);
        }
        gradGamma[k] = ng.gradGamma();
        gradBeta[k] = ng.gradBeta();
        g = ng.gradH();
      }
    }
    return new Gradients(
        fw.loss(),
        Arrays.asList(gradW),
        Arrays.asList(gradB),
        norm == Norm.NONE ? List.of() : Arrays.asList(gradGamma),
        norm == Norm.NONE ? List.of() : Arrays.asList(gradBeta),
        g);
  }

  /**
   * Backward of {@link #batchNormTraining} given {@code gOut = d L / d out}.
   *
   * <p>Graph (per feature c, sums over the N rows): {@code mean = avg(h)}, {@code var =
   * avg((h - sg(mean))^2)}, {@code s = (var+eps)^-1/2}, {@code inv = s*gamma}, {@code out =
   * h*inv + beta - mean*inv}. Reverse mode through exactly that graph:
   *
   * <pre>
   *   d beta  = sum g
   *   d inv   = sum g*h - mean*sum g = sum g*(h - mean)
   *   d gamma = d inv * s
   *   d mean  = -inv * sum g                      (only through beta - mean*inv)
   *   d var   = d inv * gamma * (-1/2) s^3
   *   d h     = g*inv + d mean / N + d var * 2 (h - mean) / N
   * </pre>
   *
   * The stop_gradient removes the path mean -> var. Without it, d h would gain
   * {@code d var * (d var / d mean) / N} with {@code d var / d mean = -2 avg(h - mean)},
   * which is 0 (the deviations from the mean sum to zero), so this is also the true
   * gradient and the familiar BN backward {@code d h = inv * (g - avg g - (h-mean) avg(g
   * (h-mean)) / (var+eps))} (the two forms are the same expression). The test checks the
   * dropped term numerically.
   */
  public static NormGradients batchNormTrainingBackward(
      double[][] h, double[] gamma, double eps, double[][] gOut) {
    int n = h.length;
    int f = gamma.length;
    double[][] gh = new double[n][f];
    double[] gGamma = new double[f];
    double[] gBeta = new double[f];
    for (int c = 0; c < f; c++) {
      double mean = 0;
      for (int r = 0; r < n; r++) {
        mean += h[r][c];
      }
      mean /= n;
      double var = 0;
      for (int r = 0; r < n; r++) {
        double d = h[r][c] - mean;
        var += d * d;
      }
      var /= n;
      double s = 1.0 / Math.sqrt(var + eps);
      double inv = s * gamma[c];
      double sumG = 0;
      double sumGd = 0;
      for (int r = 0; r < n; r++) {
        sumG += gOut[r][c];
        sumGd += gOut[r][c] * (h[r][c] - mean);
      }
      gBeta[c] = sumG;
      gGamma[c] = sumGd * s;
      double dMean = -inv * sumG;
      double dVar = sumGd * gamma[c] * -0.5 * s * s * s;
      for (int r = 0; r < n; r++) {
        gh[r][c] = gOut[r][c] * inv + dMean / n + dVar * 2 * (h[r][c] - mean) / n;
      }
    }
    return new NormGradients(gh, gGamma, gBeta);
  }

  /**
   * Backward of {@link #batchNormInference}: the statistics are constants, so {@code out =
   * h*inv + beta - mm*inv} is affine in h: {@code d h = g*inv}, {@code d gamma = sum g*(h -
   * mm) / sqrt(mv + eps)}, {@code d beta = sum g}.
   */
  public static NormGradients batchNormInferenceBackward(
      double[][] h,
      double[] gamma,
      double[] movingMean,
      double[] movingVariance,
      double eps,
      double[][] gOut) {
    int n = h.length;
    int f = gamma.length;
    double[][] gh = new double[n][f];
    double[] gGamma = new double[f];
    double[] gBeta = new double[f];
    for (int c = 0; c < f; c++) {
      double s = 1.0 / Math.sqrt(movingVariance[c] + eps);
      double inv = s * gamma[c];
      for (int r = 0; r < n; r++) {
        gBeta[c] += gOut[r][c];
        gGamma[c] += gOut[r][c] * (h[r][c] - movingMean[c]) * s;
        gh[r][c] = gOut[r][c] * inv;
      }
    }
    return new NormGradients(gh, gGamma, gBeta);
  }

  /**
   * Backward of {@link #layerNorm}: as {@link #batchNormTrainingBackward} with the roles of
   * the axes swapped (statistics per row over the F features, gamma per feature), so inv
   * differs per element: {@code inv[r][c] = s[r]*gamma[c]}.
   *
   * <pre>
   *   d beta[c]  = sum_r g
   *   d gamma[c] = sum_r g*(h - mean[r])*s[r]
   *   d mean[r]  = -sum_c g*inv[r][c]
   *   d var[r]   = sum_c g*(h - mean[r])*gamma[c] * (-1/2) s[r]^3
   *   d h        = g*inv + d mean[r] / F + d var[r] * 2 (h - mean[r]) / F
   * </pre>
   *
   * The stop_gradient again only drops a term proportional to {@code sum_c (h - mean[r])}
   * = 0.
   */
  public static NormGradients layerNormBackward(
      double[][] h, double[] gamma, double eps, double[][] gOut) {
    int n = h.length;
    int f = gamma.length;
    double[][] gh = new double[n][f];
    double[] gGamma = new double[f];
    double[] gBeta = new double[f];
    for (int r = 0; r < n; r++) {
      double mean = 0;
      for (int c = 0; c < f; c++) {
        mean += h[r][c];
      }
      mean /= f;
      double var = 0;
      for (int c = 0; c < f; c++) {
        double d = h[r][c] - mean;
        var += d * d;
      }
      var /= f;
      double s = 1.0 / Math.sqrt(var + eps);
      double dMean = 0;
      double dVar = 0;
      for (int c = 0; c < f; c++) {
        double g = gOut[r][c];
        double d = h[r][c] - mean;
        gBeta[c] += g;
        gGamma[c] += g * d * s;
        dMean -= g * s * gamma[c];
        dVar += g * d * gamma[c];
      }
      dVar *= -0.5 * s * s * s;
      for (int c = 0; c < f; c++) {
        gh[r][c] = gOut[r][c] * s * gamma[c] + dMean / f + dVar * 2 * (h[r][c] - mean) / f;
      }
    }
    return new NormGradients(gh, gGamma, gBeta);
  }

  // ---------------------------------------------------------------------------------------
  // Moving statistics

  /**
   * The notebook's BN update ops when they are really collected: runs the training-mode
   * forward on x with the current parameters and, for every hidden layer, applies {@code
   * moving -= (moving - batch_stat) * (1 - momentum)} with the batch mean and the biased
   * batch variance. In TF these ops run in the same step as the optimizer, reading the
   * pre-update weights: call this before applying {@link ReferenceAdam}. No-op unless BATCH.
   */
  public void updateMovingStatistics(double[][] x) {
    if (norm != Norm.BATCH) {
      return;
    }
    // Labels do not influence the statistics.
    Forward fw = forward(x, new int[x.length], true);
    for (int i = 0; i < fw.means().size(); i++) {
      updateMoving(params.movingMeans.get(i), fw.means().get(i), BN_MOMENTUM);
      updateMoving(params.movingVariances.get(i), fw.variances().get(i), BN_MOMENTUM);
    }
  }

  /** {@code moving -= (moving - batch) * (1 - momentum)}, in place. */
  public static void updateMoving(double[] moving, double[] batch, double momentum) {
    for (int c = 0; c < moving.length; c++) {
      moving[c] -= (moving[c] - batch[c]) * (1 - momentum);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Helpers

  /** Index of the first maximum, like tf.argmax. */
  public static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  static double logSumExp(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double s = 0;
    for (double v : z) {
      s += Math.exp(v - max);
    }
    return max + Math.log(s);
  }

  static double[][] affine(double[][] a, double[][] w, double[] b) {
    int n = a.length;
    int k = w.length;
    int m = b.length;
    double[][] out = new double[n][m];
    for (int r = 0; r < n; r++) {
      check(a[r].length == k, "input width");
      double[] o = out[r];
      System.arraycopy(b, 0, o, 0, m);
      for (int j = 0; j < k; j++) {
        double av = a[r][j];
        double[] wr = w[j];
        for (int c = 0; c < m; c++) {
          o[c] += av * wr[c];
        }
      }
    }
    return out;
  }

  /** a^T g : a is [n][k], g is [n][m], result [k][m]. */
  static double[][] matTmul(double[][] a, double[][] g) {
    int n = a.length;
    int k = a[0].length;
    int m = g[0].length;
    double[][] out = new double[k][m];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < k; j++) {
        double av = a[r][j];
        for (int c = 0; c < m; c++) {
          out[j][c] += av * g[r][c];
        }
      }
    }
    return out;
  }

  /** g w^T : g is [n][m], w is [k][m], result [n][k]. */
  static double[][] matmulT(double[][] g, double[][] w) {
    int n = g.length;
    int k = w.length;
    double[][] out = new double[n][k];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < k; j++) {
        double s = 0;
        double[] wr = w[j];
        for (int c = 0; c < wr.length; c++) {
          s += g[r][c] * wr[c];
        }
        out[r][j] = s;
      }
    }
    return out;
  }

  static double[] colSums(double[][] g) {
    double[] out = new double[g[0].length];
    for (double[] row : g) {
      for (int c = 0; c < row.length; c++) {
        out[c] += row[c];
      }
    }
    return out;
  }

  static double[][] copy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }

  private static double[] uniform(int n, Random rnd, double center, double scale) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = center + scale * (2 * rnd.nextDouble() - 1);
    }
    return a;
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException("shape mismatch: " + what);
    }
  }
}
