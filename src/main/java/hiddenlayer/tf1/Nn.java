package hiddenlayer.tf1;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.core.StopGradient;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.math.Rsqrt;
import org.tensorflow.op.math.SquaredDifference;
import org.tensorflow.types.TFloat32;

/** The two {@code tf.nn} functions both normalisation layers are made of ({@code nn_impl.py}). */
public final class Nn {
  private Nn() {}

  /** Mean and biased variance, as {@code tf.nn.moments} returns them. */
  public record Moments(Operand<TFloat32> mean, Operand<TFloat32> variance) {}

  /**
   * {@code tf.nn.moments(x, axes, keep_dims)}: {@code mean = reduce_mean(x, axes, keepdims=True,
   * name="mean")}, {@code variance = reduce_mean(squared_difference(x, stop_gradient(mean)),
   * axes, keepdims=True, name="variance")} (divides by N), squeezed afterwards unless {@code
   * keepDims}. {@code reduce_mean} passes the axes list to {@code gen_math_ops.mean}, which
   * converts it inside the op's scope: {@code moments/mean/reduction_indices}, op {@code
   * moments/mean}.
   */
  public static Moments moments(Tf1Scope parent, Operand<TFloat32> x, int axis, boolean keepDims) {
    Tf1Scope s = parent.withSubScope("moments");
    Operand<TFloat32> mean = reduceMean(s.withSubScope("mean"), x, axis);
    Operand<TFloat32> stopped = StopGradient.create(s.withName("StopGradient"), mean);
    Operand<TFloat32> squares =
        SquaredDifference.create(s.withName("SquaredDifference"), x, stopped);
    Operand<TFloat32> variance = reduceMean(s.withSubScope("variance"), squares, axis);
    if (keepDims) {
      return new Moments(mean, variance);
    }
    return new Moments(
        Squeeze.create(s.withName("Squeeze"), mean, Squeeze.axis(List.of((long) axis))),
        Squeeze.create(s.withName("Squeeze"), variance, Squeeze.axis(List.of((long) axis))));
  }

  private static Operand<TFloat32> reduceMean(Tf1Scope op, Operand<TFloat32> x, int axis) {
    return Mean.create(op.exact(), x,
        Constant.vectorOf(op.withName("reduction_indices"), new int[] {axis}),
        Mean.keepDims(true));
  }

  /**
   * {@code tf.nn.batch_normalization(x, mean, variance, offset, scale, epsilon)}: {@code inv =
   * rsqrt(variance + epsilon); inv *= scale; return x * inv + (offset - mean * inv)}, each
   * operator as TF1's Python builds it ({@link Operators}): {@code add/y}, {@code add} (AddV2),
   * {@code Rsqrt}, {@code mul} (reading scale), {@code mul_1}, {@code mul_2}, offset's read,
   * {@code sub}, {@code add_1}.
   */
  public static Operand<TFloat32> batchNormalization(Tf1Scope parent, Operand<TFloat32> x,
      Operand<TFloat32> mean, Operand<TFloat32> variance, Tf1Variable offset,
      Tf1Variable scale, float epsilon) {
    Tf1Scope s = parent.withSubScope("batchnorm");
    Operand<TFloat32> inv =
        Rsqrt.create(s.withName("Rsqrt"), Operators.add(s, variance, epsilon));
    inv = Operators.mul(s, inv, scale);
    Operand<TFloat32> scaled = Operators.mul(s, x, inv);
    Operand<TFloat32> meanInv = Operators.mul(s, mean, inv);
    return Operators.add(s, scaled, Operators.sub(s, offset, meanInv));
  }
}
