package hiddenlayer.tf1;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.dtypes.Cast;
import org.tensorflow.op.math.ArgMax;
import org.tensorflow.op.math.Equal;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.math.NotEqual;
import org.tensorflow.op.math.RealDiv;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * TF 1.15's {@code ops/math_ops.py} (with the {@code gen_math_ops} kernels it wraps and the Python
 * operators on tensors), each function building what its Python twin builds: in a {@link
 * Tf1Scope} with TensorFlow Java's typed ops where a model calls it, in a {@link Tf1Graph} where a
 * gradient function does.
 */
public final class MathOps {
  private MathOps() {}

  /** {@code tf.cast(x, dtype)}: a Cast named {@code Cast}; x itself when it has that dtype. */
  @SuppressWarnings("unchecked")
  public static <U extends TType> Operand<U> cast(Tf1Scope s, Operand<? extends TType> x,
      Class<U> dtype) {
    if (x.type() == dtype) {
      return (Operand<U>) x;
    }
    return Cast.create(s.withName("Cast"), x, dtype);
  }

  /** {@code tf.equal(x, y)}: an Equal named {@code Equal}. */
  public static <T extends TType> Operand<TBool> equal(Tf1Scope s, Operand<T> x, Operand<T> y) {
    return Equal.create(s.withName("Equal"), x, y);
  }

  /**
   * {@code tf.argmax(x, axis)}: in the scope {@code ArgMax}, the axis converted with the op's
   * inputs ({@code ArgMax/dimension}), then the ArgMax that takes the scope's name.
   */
  public static Operand<TInt64> argmax(Tf1Scope parent, Operand<? extends TNumber> x, int axis) {
    Tf1Scope s = parent.withSubScope("ArgMax");
    return ArgMax.create(s.exact(), x, Constant.scalarOf(s.withName("dimension"), axis));
  }

  /**
   * {@code tf.reduce_mean(x)} over all axes: {@code _ReductionDims} makes the Const {@code
   * arange(rank)} first (x's rank is known), then the Mean named {@code Mean}.
   */
  public static <T extends TType> Operand<T> reduceMean(Tf1Scope s, Operand<T> x) {
    Operand<TInt32> axes = reductionDims(s, x);
    return Mean.create(s.withName("Mean"), x, axes);
  }

  /**
   * {@code tf.count_nonzero(x)} of an int64 tensor, over all axes: in the scope {@code
   * count_nonzero}, {@code zeros} of x's dtype, {@code NotEqual}, its Cast to int64, the
   * reduction Const and the Sum (the final cast to int64 changes nothing).
   */
  public static Operand<TInt64> countNonzero(Tf1Scope parent, Operand<TInt64> x) {
    Tf1Scope s = parent.withSubScope("count_nonzero");
    Operand<TInt64> zero = Constant.scalarOf(s.withName("zeros"), 0L);
    Operand<TInt64> nonzero =
        Cast.create(s.withName("Cast"), NotEqual.create(s.withName("NotEqual"), x, zero),
            TInt64.class);
    Operand<TInt32> axes = reductionDims(s, nonzero);
    return Sum.create(s.withName("Sum"), nonzero, axes);
  }

  /**
   * {@code x / y} ({@code math_ops.truediv}) of int64 tensors: in the scope {@code truediv}, both
   * cast to float64, then the RealDiv that takes the scope's name.
   */
  public static Operand<TFloat64> truediv(Tf1Scope parent, Operand<TInt64> x,
      Operand<TInt64> y) {
    Tf1Scope s = parent.withSubScope("truediv");
    Operand<TFloat64> fx = Cast.create(s.withName("Cast"), x, TFloat64.class);
    Operand<TFloat64> fy = Cast.create(s.withName("Cast"), y, TFloat64.class);
    return RealDiv.create(s.exact(), fx, fy);
  }

  /** {@code math_ops._ReductionDims(x, None)} of a tensor of known rank: Const {@code arange}. */
  private static Operand<TInt32> reductionDims(Tf1Scope s, Operand<?> x) {
    int[] axes = new int[x.shape().numDimensions()];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    return Constant.vectorOf(s.withName("Const"), axes);
  }

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
