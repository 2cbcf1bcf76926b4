package hiddenlayer.graph;

import hiddenlayer.tf1.Tf1Scope;
import hiddenlayer.tf1.Tf1Variable;
import hiddenlayer.tf1.Cond;
import hiddenlayer.tf1.Nn;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.core.AssignSub;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Fill;
import org.tensorflow.op.core.Merge;
import org.tensorflow.op.math.Mul;
import org.tensorflow.op.math.Sub;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * {@code tf.keras.layers.BatchNormalization()(h, training=training)} as TF1 graph mode builds it
 * for a 2-D input (not fused).
 *
 * <p>Build: {@code gamma} = 1 and {@code beta} = 0 (trainable), {@code moving_mean} = 0 and
 * {@code moving_variance} = 1 (not trainable). Call: batch moments over axis 0; {@code cond} and
 * {@code cond_1} pick the batch statistics when {@code training} is true, the moving ones when
 * false; {@code cond_2} and {@code cond_3} hold the moving-average updates ({@code moving -=
 * (moving - batch_stat) * (1 - momentum)}, run only in the true branch); then {@code
 * tf.nn.batch_normalization}. The update ops are the layer's {@link #updates()}: whether they
 * reach {@code UPDATE_OPS} is the caller's business, as in TF1.
 */
public final class BatchNormalization {
  /** Keras' default momentum; the update uses {@code decay = 1 - momentum}. */
  public static final double MOMENTUM = 0.99;
  /** Keras' default epsilon, 1e-3 (tf.layers' too). */
  public static final float EPSILON = 1e-3f;

  private final Tf1Variable gamma;
  private final Tf1Variable beta;
  private final Tf1Variable movingMean;
  private final Tf1Variable movingVariance;
  private final Output<TFloat32> output;
  private final List<Merge<TFloat32>> updates;

  private BatchNormalization(Tf1Scope parent, Operand<TFloat32> h, Operand<TBool> training) {
    Tf1Scope s = parent.withSubScope("batch_normalization");
    int n = (int) h.shape().get(1);
    gamma = Tf1Variable.create(s, "gamma", true, v -> filled(v, "ones", n, 1f));
    beta = Tf1Variable.create(s, "beta", true, v -> filled(v, "zeros", n, 0f));
    movingMean = Tf1Variable.create(s, "moving_mean", false, v -> filled(v, "zeros", n, 0f));
    movingVariance =
        Tf1Variable.create(s, "moving_variance", false, v -> filled(v, "ones", n, 1f));

    Nn.Moments batch = Nn.moments(s, h, 0, false);
    Merge<TFloat32> mean = Cond.cond(s, training,
        t -> t.capture(batch.mean()), f -> f.capture(movingMean.read()));
    Merge<TFloat32> variance = Cond.cond(s, training,
        t -> t.capture(batch.variance()), f -> f.capture(movingVariance.read()));
    updates = List.of(
        movingAverageUpdate(s, training, movingMean, mean.output()),
        movingAverageUpdate(s, training, movingVariance, variance.output()));
    output = Nn.batchNormalization(s, h, mean.output(), variance.output(), beta.read(),
        gamma.read(), EPSILON).asOutput();
  }

  /** Builds one layer on {@code h} under {@code parent} (scopes {@code batch_normalization}, ...). */
  public static BatchNormalization call(Tf1Scope parent, Operand<TFloat32> h,
      Operand<TBool> training) {
    return new BatchNormalization(parent, h, training);
  }

  public Output<TFloat32> output() {
    return output;
  }

  /** The layer's two update ops (the Merge of {@code cond_2} and {@code cond_3}). */
  public List<Merge<TFloat32>> updates() {
    return updates;
  }

  public List<Tf1Variable> variables() {
    return List.of(gamma, beta, movingMean, movingVariance);
  }

  /**
   * Keras' {@code _assign_moving_average} under {@code smart_cond(training, ...)}: in the true
   * branch {@code AssignMovingAvg = assign_sub(moving, (moving - value) * decay)}, in the false
   * branch the variable unchanged (its {@code read} snapshot, as {@code identity(variable)}).
   */
  private static Merge<TFloat32> movingAverageUpdate(Tf1Scope s, Operand<TBool> training,
      Tf1Variable moving, Operand<TFloat32> value) {
    return Cond.cond(s, training, t -> {
      Tf1Scope avg = t.scope().withSubScope("AssignMovingAvg");
      // A constant inside a branch waits for the branch's pivot, so it is dead with it.
      Operand<TFloat32> decay = Constant.scalarOf(
          avg.withName("decay").withControlDependencyOps(List.of(t.pivot().op())),
          (float) (1.0 - MOMENTUM));
      Operand<TFloat32> delta = Mul.create(avg.withName("mul"),
          Sub.create(avg.withName("sub"), t.capture(moving.read()), t.capture(value)), decay);
      return AssignSub.create(avg.exact(), t.captureRef(moving.variable()), delta);
    }, f -> f.capture(moving.read()));
  }

  /** {@code ones_initializer()} / {@code zeros_initializer()} of shape [n], under Initializer. */
  static Operand<TFloat32> filled(Tf1Scope variableScope, String name, int n, float value) {
    Tf1Scope init = variableScope.withSubScope("Initializer");
    return Fill.create(init.withName(name),
        Constant.vectorOf(init.withSubScope(name).withName("shape_as_tensor"), new int[] {n}),
        Constant.scalarOf(init.withSubScope(name).withName("Const"), value));
  }
}
