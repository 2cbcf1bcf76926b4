package hiddenlayer.reference;

import hiddenlayer.tf1.train.AdamOptimizer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * TF1 {@code tf.train.AdamOptimizer} on double arrays, in place: per variable TF's {@code
 * ApplyAdam} (use_nesterov = false), with the power accumulators {@code beta1_power},
 * {@code beta2_power} starting at beta1, beta2 and multiplied after all variables of a step
 * have been updated. For step t (from 1):
 *
 * <pre>
 *   alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 *   m    += (g - m) * (1 - beta1)
 *   v    += (g*g - v) * (1 - beta2)
 *   var  -= alpha * m / (sqrt(v) + eps)        // eps outside the bias correction (TF1 form)
 * </pre>
 *
 * Slots (m, v) are created as zeros on first sight of a variable array, keyed by identity.
 */
public final class ReferenceAdam {

  public static final double DEFAULT_BETA1 = 0.9;
  public static final double DEFAULT_BETA2 = 0.999;
  public static final double DEFAULT_EPSILON = 1e-8;

  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private double beta1Power;
  private double beta2Power;
  private long iterations;
  private final Map<Object, Object[]> slots = new IdentityHashMap<>();

  /** TF1 defaults: beta1 0.9, beta2 0.999, epsilon 1e-8. */
  public ReferenceAdam(double learningRate) {
    this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
  }

  public ReferenceAdam(double learningRate, double beta1, double beta2, double epsilon) {
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.beta1Power = beta1;
    this.beta2Power = beta2;
  }

  /**
   * One optimizer step over all trainable variables of the model (W, b of every layer,
   * gamma, beta of every normalisation layer; never the moving statistics), each with its
   * gradient from {@link ReferenceMlp#gradients}.
   */
  public void step(ReferenceMlp.Params params, ReferenceMlp.Gradients grads) {
    List<Object> vars = new ArrayList<>();
    List<Object> gs = new ArrayList<>();
    for (int i = 0; i < params.weights().size(); i++) {
      vars.add(params.weights().get(i));
      gs.add(grads.gradW().get(i));
      vars.add(params.biases().get(i));
      gs.add(grads.gradB().get(i));
    }
    for (int i = 0; i < params.gammas().size(); i++) {
      vars.add(params.gammas().get(i));
      gs.add(grads.gradGamma().get(i));
      vars.add(params.betas().get(i));
      gs.add(grads.gradBeta().get(i));
    }
    step(vars, gs);
  }

  /**
   * One optimizer step over the given variables (each a {@code double[]} or {@code
   * double[][]}) with their gradients (same shapes). All use the same beta powers; the
   * powers are advanced afterwards.
   */
  public void step(List<?> variables, List<?> gradients) {
    if (variables.size() != gradients.size()) {
      throw new IllegalArgumentException("variables and gradients differ in count");
    }
    for (int k = 0; k < variables.size(); k++) {
      Object var = variables.get(k);
      Object g = gradients.get(k);
      Object[] slot = slots.computeIfAbsent(var, ReferenceAdam::zerosLike);
      if (var instanceof double[][] w) {
        double[][] gw = (double[][]) g;
        double[][] m = (double[][]) slot[0];
        double[][] v = (double[][]) slot[1];
        if (gw.length != w.length) {
          throw new IllegalArgumentException("gradient shape");
        }
        for (int r = 0; r < w.length; r++) {
          applyAdam(w[r], m[r], v[r], beta1Power, beta2Power, learningRate, beta1, beta2,
              epsilon, gw[r]);
        }
      } else {
        applyAdam((double[]) var, (double[]) slot[0], (double[]) slot[1], beta1Power,
            beta2Power, learningRate, beta1, beta2, epsilon, (double[]) g);
      }
    }
    beta1Power *= beta1;
    beta2Power *= beta2;
    iterations++;
  }

  /**
   * TF's {@code ApplyAdam} kernel (use_nesterov = false) in float64, in place, with the
   * argument order of the op: var, m, v, beta1_power, beta2_power, lr, beta1, beta2,
   * epsilon, grad.
   */
  public static void applyAdam(
      double[] var,
      double[] m,
      double[] v,
      double beta1Power,
      double beta2Power,
      double lr,
      double beta1,
      double beta2,
      double epsilon,
      double[] grad) {
    if (var.length != grad.length || m.length != var.length || v.length != var.length) {
      throw new IllegalArgumentException("shape mismatch");
    }
    double alpha = lr * Math.sqrt(1 - beta2Power) / (1 - beta1Power);
    for (int i = 0; i < var.length; i++) {
      double g = grad[i];
      m[i] += (g - m[i]) * (1 - beta1);
      v[i] += (g * g - v[i]) * (1 - beta2);
      var[i] -= alpha * m[i] / (Math.sqrt(v[i]) + epsilon);
    }
  }

  /** The first-moment slot m of a variable seen in a step (same shape), or null. */
  public Object firstMoment(Object variable) {
    Object[] s = slots.get(variable);
    return s == null ? null : s[0];
  }

  /** The second-moment slot v of a variable seen in a step (same shape), or null. */
  public Object secondMoment(Object variable) {
    Object[] s = slots.get(variable);
    return s == null ? null : s[1];
  }

  /** Steps taken so far. */
  public long iterations() {
    return iterations;
  }

  /** beta1^(t+1) after t steps, i.e. the value the next step uses. */
  public double beta1Power() {
    return beta1Power;
  }

  /** beta2^(t+1) after t steps, i.e. the value the next step uses. */
  public double beta2Power() {
    return beta2Power;
  }

  public double learningRate() {
    return learningRate;
  }

  private static Object[] zerosLike(Object var) {
    if (var instanceof double[][] w) {
      double[][] m = new double[w.length][];
      double[][] v = new double[w.length][];
      for (int r = 0; r < w.length; r++) {
        m[r] = new double[w[r].length];
        v[r] = new double[w[r].length];
      }
      return new Object[] {m, v};
    }
    if (var instanceof double[] a) {
      return new Object[] {new double[a.length], new double[a.length]};
    }
    throw new IllegalArgumentException("variable must be double[] or double[][]");
  }
}
