package hiddenlayer.tf1;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Fill;
import org.tensorflow.op.core.OneHot;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * TF 1.15's {@code ops/array_ops.py} (with the {@code gen_array_ops} and {@code
 * gen_data_flow_ops} kernels it wraps), each function building what its Python twin builds: in a
 * {@link Tf1Scope} with TensorFlow Java's typed ops where a model calls it, in a {@link Tf1Graph}
 * where a gradient function does.
 */
public final class ArrayOps {
  private ArrayOps() {}

  /** {@code tf.placeholder(dtype, shape)}: a Placeholder named {@code Placeholder}. */
  public static <T extends TType> Placeholder<T> placeholder(Tf1Scope s, Class<T> dtype,
      Shape shape) {
    return Placeholder.create(s.withName("Placeholder"), dtype, Placeholder.shape(shape));
  }

  /** {@code tf.placeholder(dtype)} of unknown shape. */
  public static <T extends TType> Placeholder<T> placeholder(Tf1Scope s, Class<T> dtype) {
    return Placeholder.create(s.withName("Placeholder"), dtype);
  }

  /**
   * {@code array_ops.zeros(shape)} of float32 with a Python shape, in the scope {@code zeros}:
   * below 1000 elements one Const taking the scope's name ({@code _constant_if_small}), else {@code
   * shape_as_tensor}, {@code Const} and the Fill that takes it.
   */
  public static Operand<TFloat32> zeros(Tf1Scope parent, Shape shape) {
    return filled(parent.withSubScope("zeros"), shape, 0f);
  }

  /** {@code array_ops.ones(shape)} of float32 with a Python shape, as {@link #zeros} does. */
  public static Operand<TFloat32> ones(Tf1Scope parent, Shape shape) {
    return filled(parent.withSubScope("ones"), shape, 1f);
  }

  private static Operand<TFloat32> filled(Tf1Scope s, Shape shape, float value) {
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

  /**
   * {@code tf.one_hot(indices, depth)} of float32: in the scope {@code one_hot}, {@code on_value}
   * and {@code off_value} first, then {@code depth}, converted with the op's inputs, and the
   * OneHot that takes the scope's name.
   */
  public static Operand<TFloat32> oneHot(Tf1Scope parent, Operand<TInt32> indices, int depth) {
    Tf1Scope s = parent.withSubScope("one_hot");
    Operand<TFloat32> on = Constant.scalarOf(s.withName("on_value"), 1f);
    Operand<TFloat32> off = Constant.scalarOf(s.withName("off_value"), 0f);
    return OneHot.create(s.exact(), indices, Constant.scalarOf(s.withName("depth"), depth), on,
        off);
  }

  /**
   * {@code tf.shape(x)} (int32, optimize): a Const named {@code Shape} when x's shape is fully
   * defined, else a Shape op.
   */
  public static Operand<TInt32> shape(Tf1Scope parent, Operand<?> x) {
    Tf1Scope s = parent.withSubScope("Shape").exact();
    Shape shape = x.shape();
    if (!shape.isUnknown() && TensorUtil.fullyDefined(shape.asArray())) {
      long[] dims = shape.asArray();
      int[] ints = new int[dims.length];
      for (int i = 0; i < ints.length; i++) {
        ints[i] = (int) dims[i];
      }
      return Constant.vectorOf(s, ints);
    }
    return org.tensorflow.op.core.Shape.create(s, x);
  }

  /**
   * {@code tensor[index]} ({@code array_ops._slice_helper}) with a Python int: in the scope {@code
   * strided_slice}, the packed begin, end and strides ({@code stack}, {@code stack_1}, {@code
   * stack_2}) and the StridedSlice that takes the scope's name, shrinking the axis.
   */
  public static <T extends TType> Operand<T> sliceHelper(Tf1Scope parent, Operand<T> tensor,
      int index) {
    Tf1Scope s = parent.withSubScope("strided_slice");
    return StridedSlice.create(s.exact(), tensor,
        Constant.vectorOf(s.withName("stack"), new int[] {index}),
        Constant.vectorOf(s.withName("stack"), new int[] {index + 1}),
        Constant.vectorOf(s.withName("stack"), new int[] {1}),
        StridedSlice.shrinkAxisMask(1L));
  }

  /** {@code array_ops.shape(x)}: a Const when x's shape is fully defined, else a Shape op. */
  public static Output<?> shape(Tf1Graph g, Output<?> x) {
    return shapeInternal(g, x, true);
  }

  /** {@code array_ops.shape_internal(x, optimize)}. */
  public static Output<?> shapeInternal(Tf1Graph g, Output<?> x, boolean optimize) {
    long[] s = g.shapeTuple(x);
    if (optimize && TensorUtil.fullyDefined(s)) {
      try (Tf1Graph.Block b = g.nameScope("Shape")) {
        return g.constant(TensorUtil.ints(s));
      }
    }
    return g.op("Shape").input(x).build().output(0);
  }

  /** {@code array_ops.size(x)} (optimize): a Const when x's shape is fully defined. */
  public static Output<?> size(Tf1Graph g, Output<?> x) {
    long[] s = g.shapeTuple(x);
    if (TensorUtil.fullyDefined(s)) {
      try (Tf1Graph.Block b = g.nameScope("Size")) {
        return g.constant(TInt32.scalarOf((int) Shape.of(s).size()));
      }
    }
    return g.op("Size").input(x).build().output(0);
  }

  /** {@code array_ops.identity(x, name)}. */
  public static Output<?> identity(Tf1Graph g, Output<?> x, String name) {
    return g.op("Identity").name(name).input(x).build().output(0);
  }

  /** {@code array_ops.fill(dims, value)} with a Python value: {@code Fill/value}. */
  public static Output<?> fill(Tf1Graph g, Output<?> dims, Tensor value) {
    return g.op("Fill").input(dims).input("value", value).build().output(0);
  }

  /** {@code array_ops.fill(dims, value)} with a tensor value. */
  public static Output<?> fill(Tf1Graph g, Output<?> dims, Output<?> value) {
    return g.op("Fill").input(dims).input(value).build().output(0);
  }

  /**
   * {@code array_ops.zeros(shape_tensor, dtype)}: scope {@code zeros}, {@code zeros/Const}, then
   * the Fill that takes the scope's name.
   */
  public static Output<?> zeros(Tf1Graph g, Output<?> shape, DataType dtype) {
    try (Tf1Graph.Block b = g.nameScope("zeros")) {
      Output<?> zero = g.constant(TensorUtil.scalar(dtype, 0), "Const");
      return g.op("Fill").scopeName().input(shape).input(zero).build().output(0);
    }
  }

  /** {@code array_ops.zeros_like(x, optimize=False)}: one ZerosLike named {@code zeros_like}. */
  public static Output<?> zerosLike(Tf1Graph g, Output<?> x) {
    try (Tf1Graph.Block b = g.nameScope("zeros_like")) {
      return g.op("ZerosLike").scopeName().input(x).build().output(0);
    }
  }

  /** {@code array_ops.reshape(x, shape)}. */
  public static Output<?> reshape(Tf1Graph g, Output<?> x, Output<?> shape) {
    return g.op("Reshape").input(x).input(shape).build().output(0);
  }

  /** {@code array_ops.reshape(x, [..])} with a Python list: {@code Reshape/shape}. */
  public static Output<?> reshape(Tf1Graph g, Output<?> x, long... shape) {
    return g.op("Reshape").input(x).input("shape", TensorUtil.ints(shape)).build().output(0);
  }

  /** {@code array_ops.expand_dims(x, axis)} with a Python int: {@code ExpandDims/dim}. */
  public static Output<?> expandDims(Tf1Graph g, Output<?> x, int axis) {
    return g.op("ExpandDims").input(x).input("dim", TInt32.scalarOf(axis)).build().output(0);
  }

  /** {@code array_ops.tile(x, multiples)}. */
  public static Output<?> tile(Tf1Graph g, Output<?> x, Output<?> multiples) {
    return g.op("Tile").input(x).input(multiples).build().output(0);
  }

  /** {@code data_flow_ops.dynamic_stitch(indices, data)}. */
  public static Output<?> dynamicStitch(Tf1Graph g, List<Output<?>> indices,
      List<Output<?>> data) {
    return g.op("DynamicStitch").inputList(indices).inputList(data).build().output(0);
  }

  /** {@code gen_array_ops.broadcast_gradient_args(sx, sy)} of shape tensors: (r0, r1). */
  public static Output<?>[] broadcastGradientArgs(Tf1Graph g, Output<?> sx, Output<?> sy) {
    GraphOperation op = g.op("BroadcastGradientArgs").input(sx).input(sy).build();
    return new Output<?>[] {op.output(0), op.output(1)};
  }

  /**
   * {@code math_grad.SmartBroadcastGradientArgs}' cached path for two fully defined shapes: the
   * first time a pair of shapes is seen in the graph, {@code BroadcastGradientArgs} of Consts
   * {@code s0}, {@code s1} is built (and never run: TF1 constant-folds it with {@code
   * TF_TryEvaluateConstant}); the reduction indices are computed here.
   */
  public static long[][] broadcastGradientArgs(Tf1Graph g, long[] sx, long[] sy) {
    String key = Arrays.toString(sx) + Arrays.toString(sy);
    long[][] cached = g.broadcastCache.get(key);
    if (cached != null) {
      return cached;
    }
    g.op("BroadcastGradientArgs").input("s0", TensorUtil.ints(sx))
        .input("s1", TensorUtil.ints(sy)).build();
    long[][] r = reductionIndices(sx, sy);
    g.broadcastCache.put(key, r);
    return r;
  }

  /** TF's {@code BCast} gradient reduction indices of two fully defined shapes. */
  public static long[][] reductionIndices(long[] sx, long[] sy) {
    int n = Math.max(sx.length, sy.length);
    List<Long> rx = new ArrayList<>();
    List<Long> ry = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long x = i - (n - sx.length) >= 0 ? sx[i - (n - sx.length)] : 1;
      long y = i - (n - sy.length) >= 0 ? sy[i - (n - sy.length)] : 1;
      if (x == 1 && y == 1) {
        rx.add((long) i);
        ry.add((long) i);
      } else if (x == 1) {
        rx.add((long) i);
      } else if (y == 1) {
        ry.add((long) i);
      } else if (x != y) {
        throw new IllegalArgumentException(
            "incompatible shapes " + Arrays.toString(sx) + " " + Arrays.toString(sy));
      }
    }
    return new long[][] {rx.stream().mapToLong(Long::longValue).toArray(),
        ry.stream().mapToLong(Long::longValue).toArray()};
  }
}
