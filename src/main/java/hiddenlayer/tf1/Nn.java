package hiddenlayer.tf1;

import org.tensorflow.Operand;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.core.StopGradient;
import org.tensorflow.op.math.Add;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.math.Mul;
import org.tensorflow.op.math.Rsqrt;
import org.tensorflow.op.math.SquaredDifference;
import org.tensorflow.op.math.Sub;
import org.tensorflow.types.TFloat32;

/** The two {@code tf.nn} functions both normalisation layers are made of. */
public final class Nn {
  private Nn() {}

  /** Mean and biased variance, as {@code tf.nn.moments} returns them. */
  public record Moments(Operand<TFloat32> mean, Operand<TFloat32> variance) {}

  /**
   * {@code tf.nn.moments(x, axes, keep_dims)}: {@code mean = reduce_mean(x, axes)}, {@code
   * variance = reduce_mean(squared_difference(x, stop_gradient(mean)), axes)} (divides by N),
   * both kept as rank-2 and squeezed afterwards unless {@code keepDims}.
   */
  public static Moments moments(Tf1Scope parent, Operand<TFloat32> x, int axis, boolean keepDims) {
    Tf1Scope s = parent.withSubScope("moments");
    Operand<TFloat32> mean = Mean.create(s.withName("mean"), x,
        Constant.vectorOf(s.withSubScope("mean").withName("reduction_indices"), new int[] {axis}),
        Mean.keepDims(true));
    Operand<TFloat32> stopped = StopGradient.create(s.withName("StopGradient"), mean);
    Operand<TFloat32> squares =
        SquaredDifference.create(s.withName("SquaredDifference"), x, stopped);
    Operand<TFloat32> variance = Mean.create(s.withName("variance"), squares,
        Constant.vectorOf(s.withSubScope("variance").withName("reduction_indices"),
            new int[] {axis}),
        Mean.keepDims(true));
    if (keepDims) {
      return new Moments(mean, variance);
    }
    return new Moments(
        Squeeze.create(s.withName("Squeeze"), mean, Squeeze.axis(java.util.List.of((long) axis))),
        Squeeze.create(s.withName("Squeeze"), variance,
            Squeeze.axis(java.util.List.of((long) axis))));
  }

  /**
   * {@code tf.nn.batch_normalization(x, mean, variance, offset, scale, epsilon)}: {@code inv =
   * rsqrt(variance + epsilon) * scale; out = x * inv + (offset - mean * inv)}.
   */
  public static Operand<TFloat32> batchNormalization(Tf1Scope parent, Operand<TFloat32> x,
      Operand<TFloat32> mean, Operand<TFloat32> variance, Operand<TFloat32> offset,
      Operand<TFloat32> scale, float epsilon) {
    Tf1Scope s = parent.withSubScope("batchnorm");
    // `variance + epsilon`: the TF1 operator claims the scope `add`, names the constant `add/y`
    // and gives the op the scope's own name.
    Tf1Scope add = s.withSubScope("add");
    Operand<TFloat32> eps = Constant.scalarOf(add.withName("y"), epsilon);
    Operand<TFloat32> inv = Rsqrt.create(s.withName("Rsqrt"), Add.create(add.exact(), variance, eps));
    inv = Mul.create(s.withName("mul"), inv, scale);
    Operand<TFloat32> scaled = Mul.create(s.withName("mul"), x, inv);
    Operand<TFloat32> shift =
        Sub.create(s.withName("sub"), offset, Mul.create(s.withName("mul"), mean, inv));
    return Add.create(s.withName("add"), scaled, shift);
  }
}
