package hiddenlayer.tf1;

import java.util.List;
import org.tensorflow.Output;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TInt32;

/**
 * TF 1.15's {@code ops/math_ops.py} (with the {@code gen_math_ops} kernels it wraps and the Python
 * operators on tensors), each function building in a {@link Tf1Graph} what its Python twin
 * builds.
 */
public final class MathOps {
  private MathOps() {}

  /** {@code math_ops.reduce_sum(x, axes)} with a tensor of axes, keepdims False. */
  public static Output<?> reduceSum(Tf1Graph g, Output<?> x, Output<?> axes) {
    return g.op("Sum").input(x).input(axes).attr("keep_dims", false).build().output(0);
  }

  /** {@code math_ops.reduce_sum(x, axes)} with Python axes: {@code Sum/reduction_indices}. */
  public static Output<?> reduceSum(Tf1Graph g, Output<?> x, long... axes) {
    return g.op("Sum").input(x).input("reduction_indices", TensorUtil.ints(axes))
        .attr("keep_dims", false).build().output(0);
  }

  /**
   * {@code math_ops.reduce_prod(x)} over all axes: {@code _ReductionDims} makes {@code Const}
   * {@code arange(rank)} first, then {@code Prod}.
   */
  public static Output<?> reduceProd(Tf1Graph g, Output<?> x) {
    Output<?> dims = g.constant(TensorUtil.ints(TensorUtil.arange(g.shapeTuple(x).length)),
        "Const");
    return g.op("Prod").input(x).input(dims).attr("keep_dims", false).build().output(0);
  }

  /** {@code math_ops.maximum(x, y)} with a Python y: {@code Maximum/y}. */
  public static Output<?> maximum(Tf1Graph g, Output<?> x, int y) {
    return g.op("Maximum").input(x).input("y", TInt32.scalarOf(y)).build().output(0);
  }

  /** Python's {@code x // y} on tensors: FloorDiv named {@code floordiv}. */
  public static Output<?> floordiv(Tf1Graph g, Output<?> x, Output<?> y) {
    return g.op("FloorDiv").name("floordiv").input(x).input(y).build().output(0);
  }

  /** Python's {@code x % y} on tensors: FloorMod named {@code mod}. */
  public static Output<?> mod(Tf1Graph g, Output<?> x, Output<?> y) {
    return g.op("FloorMod").name("mod").input(x).input(y).build().output(0);
  }

  /** Python's {@code x + y} on tensors in TF 1.15: AddV2 named {@code add}. */
  public static Output<?> add(Tf1Graph g, Output<?> x, Output<?> y) {
    return g.op("AddV2").name("add").input(x).input(y).build().output(0);
  }

  /** Python's {@code x - y} on tensors: Sub named {@code sub}. */
  public static Output<?> sub(Tf1Graph g, Output<?> x, Output<?> y) {
    return g.op("Sub").name("sub").input(x).input(y).build().output(0);
  }

  /** Python's {@code x * y} on tensors: Mul named {@code mul}. */
  public static Output<?> mul(Tf1Graph g, Output<?> x, Output<?> y) {
    return g.op("Mul").name("mul").input(x).input(y).build().output(0);
  }

  /** {@code gen_math_ops.mul(x, y)}: Mul named {@code Mul}. */
  public static Output<?> genMul(Tf1Graph g, Output<?> x, Output<?> y) {
    return g.op("Mul").input(x).input(y).build().output(0);
  }

  /** Python's {@code -x}: Neg named {@code Neg}. */
  public static Output<?> neg(Tf1Graph g, Output<?> x) {
    return g.op("Neg").input(x).build().output(0);
  }

  /** {@code math_ops.truediv(x, y)} of floats: RealDiv named {@code truediv}. */
  public static Output<?> truediv(Tf1Graph g, Output<?> x, Output<?> y) {
    return g.op("RealDiv").name("truediv").input(x).input(y).build().output(0);
  }

  /** {@code math_ops.cast(x, dtype)}: x itself when it already has that dtype. */
  public static Output<?> cast(Tf1Graph g, Output<?> x, DataType dtype) {
    if (g.baseType(x) == dtype) {
      return x;
    }
    return g.op("Cast").input(x).attr("DstT", dtype).build().output(0);
  }

  /** {@code math_ops.range(limit)}: {@code range/start}, {@code range/delta}, then Range. */
  public static Output<?> range(Tf1Graph g, Output<?> limit) {
    try (Tf1Graph.Block b = g.nameScope("range")) {
      Output<?> start = g.constant(TInt32.scalarOf(0), "start");
      Output<?> delta = g.constant(TInt32.scalarOf(1), "delta");
      return g.op("Range").scopeName().input(start).input(limit).input(delta).build().output(0);
    }
  }

  /** {@code math_ops.add_n(inputs)} of several tensors: AddN named {@code AddN}. */
  public static Output<?> addN(Tf1Graph g, List<Output<?>> inputs) {
    if (inputs.size() == 1) {
      return inputs.get(0);
    }
    return g.op("AddN").inputList(inputs).build().output(0);
  }
}
