package hiddenlayer.tf1;

import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Fill;
import org.tensorflow.types.TFloat32;

/** TF 1.15's {@code ops/init_ops.py}: the initializers of the variables these graphs make. */
public final class InitOps {
  private InitOps() {}

  /**
   * {@code zeros_initializer()} / {@code ones_initializer()} of a float32 variable whose ops are
   * named in {@code variableScope}: {@code array_ops.zeros} / {@code ones} in the scope {@code
   * Initializer/zeros} or {@code Initializer/ones} ({@code value} 0 or 1). Below 1000 elements one
   * Const taking the scope's name ({@code _constant_if_small}), else {@code shape_as_tensor},
   * {@code Const} and the Fill that takes it.
   */
  public static Operand<TFloat32> initializer(Tf1Scope variableScope, Shape shape, float value) {
    if (value != 0f && value != 1f) {
      throw new IllegalArgumentException("no initializer op for " + value);
    }
    Tf1Scope s = variableScope.withSubScope("Initializer")
        .withSubScope(value == 0f ? "zeros" : "ones");
    long size = shape.size();
    if (size < 1000) {
      float[] values = new float[(int) size];
      Arrays.fill(values, value);
      return Constant.tensorOf(s.exact(), shape, DataBuffers.of(values, true, false));
    }
    int[] dims = new int[shape.numDimensions()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = (int) shape.get(i);
    }
    return Fill.create(s.exact(), Constant.vectorOf(s.withName("shape_as_tensor"), dims),
        Constant.scalarOf(s.withName("Const"), value));
  }
}
