package hiddenlayer.graph;

import hiddenlayer.tf1.Cond;
import hiddenlayer.tf1.InitOps;
import hiddenlayer.tf1.Nn;
import hiddenlayer.tf1.Operators;
import hiddenlayer.tf1.ResourceVariable;
import hiddenlayer.tf1.Tf1Scope;
import hiddenlayer.tf1.Tf1Variable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.AssignSubVariableOp;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Merge;
import org.tensorflow.proto.VariableAggregation;
import org.tensorflow.proto.VariableSynchronization;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * {@code tf.keras.layers.BatchNormalization()(h, training=training)} as TF 1.15's graph mode
 * builds it for a 2-D input (not fused; {@code keras/layers/normalization.py}).
 *
 * <p>Build: {@code gamma} = 1 and {@code beta} = 0 (trainable), {@code moving_mean} = 0 and
 * {@code moving_variance} = 1 (not trainable), all resource variables ({@code
 * base_layer_utils.make_variable}). Call: batch moments over axis 0; {@code cond} and {@code
 * cond_1} pick the batch statistics when {@code training} is true, the moving ones when false;
 * {@code cond_2} and {@code cond_3} hold the moving-average updates ({@code moving -= (moving -
 * batch_stat) * (1 - momentum)}, run only in the true branch); then {@code
 * tf.nn.batch_normalization}. The update ops are the layer's {@link #updates()}: whether they
 * reach {@code UPDATE_OPS} is the caller's business, as in TF1.
 */
public final class BatchNormalization {
  /** Keras' default momentum; the update uses {@code decay = 1 - momentum}. */
  public static final double MOMENTUM = 0.99;
  /** Keras' default epsilon, 1e-3 (tf.layers' too). */
  public static final float EPSILON = 1e-3f;

  private final ResourceVariable gamma;
  private final ResourceVariable beta;
  private final ResourceVariable movingMean;
  private final ResourceVariable movingVariance;
  private final Output<TFloat32> output;
  private final List<Merge<TFloat32>> updates;

  private static final VariableSynchronization ON_READ =
      VariableSynchronization.VARIABLE_SYNCHRONIZATION_ON_READ;
  private static final VariableAggregation MEAN = VariableAggregation.VARIABLE_AGGREGATION_MEAN;

  private BatchNormalization(Tf1Scope parent, Operand<TFloat32> h, Operand<TBool> training) {
    Tf1Scope s = parent.withSubScope("batch_normalization");
    int n = (int) h.shape().get(1);
    gamma = ResourceVariable.create(s, "gamma", true, v -> InitOps.initializer(v, Shape.of(n), 1f));
    beta = ResourceVariable.create(s, "beta", true, v -> InitOps.initializer(v, Shape.of(n), 0f));
    // normalization.py lines 393-411: synchronization=ON_READ, aggregation=MEAN.
    movingMean = ResourceVariable.create(s, "moving_mean", false, ON_READ, MEAN,
        v -> InitOps.initializer(v, Shape.of(n), 0f));
    movingVariance = ResourceVariable.create(s, "moving_variance", false, ON_READ, MEAN,
        v -> InitOps.initializer(v, Shape.of(n), 1f));

    Nn.Moments batch = Nn.moments(s, h, 0, false);
    // smart_cond(training, lambda: mean, lambda: ops.convert_to_tensor(moving_mean))
    Merge<TFloat32> mean = Cond.cond(s, training,
        t -> batch.mean(), f -> f.add(movingMean.value(f.scope())));
    Merge<TFloat32> variance = Cond.cond(s, training,
        t -> batch.variance(), f -> f.add(movingVariance.value(f.scope())));
    // self.add_update(mean_update), self.add_update(variance_update): in graph mode the
    // callables run at once.
    updates = List.of(
        movingAverageUpdate(s, training, movingMean, mean.output()),
        movingAverageUpdate(s, training, movingVariance, variance.output()));
    output = Nn.batchNormalization(s, h, mean.output(), variance.output(), beta, gamma, EPSILON)
        .asOutput();
  }

  /** Builds one layer on {@code h} under {@code parent} ({@code batch_normalization}, ...). */
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
   * {@code smart_cond(training, lambda: _assign_moving_average(moving, value), lambda: moving)}.
   * True branch, in scope {@code AssignMovingAvg}: {@code decay}, {@code update_delta = (moving
   * - value) * decay} (the variable's operator reads it first), {@code moving.assign_sub(delta)}
   * ({@code AssignSubVariableOp}) whose result, an {@code _UnreadVariable}, is read once when
   * made and once more as the branch's result; false branch: the variable read.
   */
  private static Merge<TFloat32> movingAverageUpdate(Tf1Scope s, Operand<TBool> training,
      ResourceVariable moving, Operand<TFloat32> value) {
    return Cond.cond(s, training, t -> {
      Tf1Scope avg = t.scope().withSubScope("AssignMovingAvg");
      Operand<TFloat32> decay = t.add(Constant.scalarOf(
          t.withoutInputs(avg.withName("decay")), (float) (1.0 - MOMENTUM)));
      Operand<TFloat32> read = t.add(moving.value(avg));
      Operand<TFloat32> delta = t.add(Operators.mul(avg, t.add(Operators.sub(avg, read, value)),
          decay));
      AssignSubVariableOp assign = t.add(moving.assignSub(avg, delta));
      t.add(moving.readAfter(avg, assign.op()));
      return t.add(moving.readAfter(t.scope(), assign.op()));
    }, f -> f.add(moving.value(f.scope())));
  }
}
