package hiddenlayer.tf1;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** TF 1.15's {@code ops/init_ops.py}: the initializers of the variables these graphs make. */
public final class InitOps {
  private InitOps() {}

  /**
   * {@code zeros_initializer()} / {@code ones_initializer()} ({@code value} 0 or 1) of a float32
   * variable whose ops are named in {@code variableScope}: {@link ArrayOps#zeros} / {@link
   * ArrayOps#ones} in its scope {@code Initializer}.
   */
  public static Operand<TFloat32> initializer(Tf1Scope variableScope, Shape shape, float value) {
    Tf1Scope s = variableScope.withSubScope("Initializer");
    if (value == 0f) {
      return ArrayOps.zeros(s, shape);
    }
    if (value == 1f) {
      return ArrayOps.ones(s, shape);
    }
    throw new IllegalArgumentException("no initializer op for " + value);
  }
}
