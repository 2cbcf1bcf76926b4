package hiddenlayer.tf1;

import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * Python values as tensors and back ({@code framework/tensor_util.py}: {@code
 * make_tensor_proto}, {@code constant_value}), with the numpy and {@code TensorShape} helpers the
 * TF1 functions use on static shapes.
 */
public final class TensorUtil {
  private TensorUtil() {}

  /** numpy's {@code arange(n)}: 0, 1, ..., n - 1. */
  public static long[] arange(int n) {
    long[] r = new long[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  /** {@code TensorShape.is_fully_defined()} of a shape tuple (null: unknown rank). */
  public static boolean fullyDefined(long[] shape) {
    if (shape == null) {
      return false;
    }
    for (long d : shape) {
      if (d < 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code make_tensor_proto} of a Python list of ints: an int32 vector. */
  public static Tensor ints(long... values) {
    int[] v = new int[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (int) values[i];
    }
    return v.length == 0 ? TInt32.tensorOf(Shape.of(0)) : TInt32.vectorOf(v);
  }

  /** {@code make_tensor_proto(value, dtype)} of a Python number. */
  public static Tensor scalar(DataType dtype, double value) {
    return switch (dtype) {
      case DT_FLOAT -> TFloat32.scalarOf((float) value);
      case DT_DOUBLE -> TFloat64.scalarOf(value);
      case DT_INT32 -> TInt32.scalarOf((int) value);
      default -> throw new IllegalArgumentException("no scalar of " + dtype);
    };
  }

  /** {@code tensor_util.constant_value(t)} of an integer {@code Const}, or null. */
  public static long[] constantInts(Output<?> t) {
    GraphOperation op = (GraphOperation) t.op();
    if (!op.type().equals("Const")) {
      return null;
    }
    try (Tensor value = op.attributes().getAttrTensor("value")) {
      int n = (int) value.shape().size();
      long[] r = new long[n];
      var data = value.asRawTensor().data();
      if (value.dataType() == DataType.DT_INT32) {
        var ints = data.asInts();
        for (int i = 0; i < n; i++) {
          r[i] = ints.getInt(i);
        }
        return r;
      }
      if (value.dataType() == DataType.DT_INT64) {
        var longs = data.asLongs();
        for (int i = 0; i < n; i++) {
          r[i] = longs.getLong(i);
        }
        return r;
      }
      return null;
    }
  }
}
