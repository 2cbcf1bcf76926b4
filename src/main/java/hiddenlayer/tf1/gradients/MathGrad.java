package hiddenlayer.tf1.gradients;

import hiddenlayer.tf1.Tf1Ops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TInt32;

/** TF 1.15's {@code python/ops/math_grad.py}: the gradients of the math ops these graphs use. */
final class MathGrad {
  private MathGrad() {}

  static void register(Map<String, Gradients.GradFn> r) {
    r.put("Sum", MathGrad::sumGrad);
    r.put("Mean", MathGrad::meanGrad);
    r.put("AddN", MathGrad::addNGrad);
    r.put("Add", MathGrad::addGrad);
    r.put("AddV2", MathGrad::addGrad);
    r.put("Sub", MathGrad::subGrad);
    r.put("Mul", MathGrad::mulGrad);
    r.put("SquaredDifference", MathGrad::squaredDifferenceGrad);
    r.put("Tanh", MathGrad::tanhGrad);
    r.put("Rsqrt", MathGrad::rsqrtGrad);
    r.put("MatMul", MathGrad::matMulGrad);
    for (String t : List.of("ArgMax", "ArgMin")) {
      r.put(t, (b, op, g) -> Arrays.asList(null, null));
    }
    for (String t : List.of("Less", "LessEqual", "Greater", "GreaterEqual", "Equal",
        "NotEqual", "LogicalAnd", "LogicalOr", "LogicalNot")) {
      r.put(t, Gradients.NOT_DIFFERENTIABLE);
    }
  }

  /**
   * {@code _SumGrad}: reshape the gradient to the kept-dims shape and tile it back. Reducing all
   * dimensions of a known rank: {@code Reshape(grad, [1]*rank)}, {@code Tile} by the input's
   * shape (a Const when fully defined); otherwise {@code reduced_shape} and {@code
   * _safe_shape_div} on the runtime shape, colocated with it.
   */
  static List<Output<?>> sumGrad(Tf1Ops b, GraphOperation op, List<Output<?>> grads) {
    return Arrays.asList(sumGradInput(b, op, grads.get(0)), null);
  }

  private static Output<?> sumGradInput(Tf1Ops b, GraphOperation op, Output<?> grad) {
    long[] inputShape = b.shapeTuple(op.input(0));
    if (inputShape != null) {
      long[] axes = constantInts(op.input(1));
      // np.array_equal(axes, arange(rank)) fails for a scalar axis: only a vector matches.
      if (axes != null && op.input(1).shape().numDimensions() == 1) {
        int rank = inputShape.length;
        if (Arrays.equals(axes, Tf1Ops.arange(rank))) {
          long[] ones = new long[rank];
          Arrays.fill(ones, 1);
          grad = b.reshape(grad, ones);
          Output<?> shape = Tf1Ops.fullyDefined(inputShape)
              ? b.constant(Tf1Ops.ints(inputShape), "Const")
              : b.shape(op.input(0));
          return b.tile(grad, shape);
        } else if (Tf1Ops.fullyDefined(inputShape)) {
          throw new UnsupportedOperationException(
              "Sum gradient with static reduced shape (graph cache) at " + op.name());
        }
      }
    }
    Output<?> shape = b.shape(op.input(0));
    Output<?> keptDims;
    Output<?> tileScaling;
    try (Tf1Ops.Block c = b.colocateWith(shape.op(), false)) {
      keptDims = reducedShape(b, shape, op.input(1));
      tileScaling = safeShapeDiv(b, shape, keptDims);
    }
    grad = b.reshape(grad, keptDims);
    return b.tile(grad, tileScaling);
  }

  /** {@code math_ops.reduced_shape(input_shape, axes)}: the shape with keepdims. */
  private static Output<?> reducedShape(Tf1Ops b, Output<?> inputShape, Output<?> axes) {
    inputShape = b.cast(inputShape, DataType.DT_INT32);
    axes = b.cast(axes, DataType.DT_INT32);
    Output<?> inputRank = b.size(inputShape);
    axes = b.mod(b.add(axes, inputRank), inputRank);
    Output<?> axesShape = b.shape(axes);
    Output<?> range = b.range(inputRank);
    Output<?> ones = b.fill(axesShape, TInt32.scalarOf(1));
    return b.dynamicStitch(List.of(range, axes), List.of(inputShape, ones));
  }

  /** {@code math_grad._safe_shape_div(x, y)}: {@code x // maximum(y, 1)}. */
  private static Output<?> safeShapeDiv(Tf1Ops b, Output<?> x, Output<?> y) {
    Output<?> max = b.maximum(y, 1);
    return b.floordiv(x, max);
  }

  /**
   * {@code _MeanGrad}: the Sum gradient divided by the number of elements averaged, a Const
   * when both shapes are fully defined, else {@code Prod(Shape(in)) // max(Prod(Shape(out)), 1)}
   * cast to the gradient's dtype.
   */
  static List<Output<?>> meanGrad(Tf1Ops b, GraphOperation op, List<Output<?>> grads) {
    Output<?> sumGrad = sumGradInput(b, op, grads.get(0));
    long[] inputShape = b.shapeTuple(op.input(0));
    long[] outputShape = b.shapeTuple(op.output(0));
    Output<?> factor;
    if (Tf1Ops.fullyDefined(inputShape) && Tf1Ops.fullyDefined(outputShape)) {
      long in = Shape.of(inputShape).size();
      long out = Shape.of(outputShape).size();
      factor = b.constant(Tf1Ops.scalar(b.baseType(sumGrad), in / Math.max(out, 1)),
          "Const");
    } else {
      Output<?> inShape = b.shape(op.input(0));
      Output<?> outShape = b.shape(op.output(0));
      Output<?> inSize = b.reduceProd(inShape);
      Output<?> outSize = b.reduceProd(outShape);
      factor = safeShapeDiv(b, inSize, outSize);
    }
    return Arrays.asList(b.truediv(sumGrad, b.cast(factor, b.baseType(sumGrad))), null);
  }

  /** {@code _AddNGrad}: the gradient to every input. */
  static List<Output<?>> addNGrad(Tf1Ops b, GraphOperation op, List<Output<?>> grads) {
    List<Output<?>> r = new ArrayList<>();
    for (int i = 0; i < op.numInputs(); i++) {
      r.add(grads.get(0));
    }
    return r;
  }

  /** {@code _AddGrad} (Add and AddV2): grad to both, reduced where an input was broadcast. */
  static List<Output<?>> addGrad(Tf1Ops b, GraphOperation op, List<Output<?>> grads) {
    Output<?> grad = grads.get(0);
    Output<?> x = op.input(0);
    Output<?> y = op.input(1);
    if (shapesFullySpecifiedAndEqual(b, x, y, grad)) {
      return Arrays.asList(grad, grad);
    }
    Broadcast[] bc = smartBroadcastGradientArgs(b, x, y, grad);
    return Arrays.asList(bc[0].maybeReduce(b, grad), bc[1].maybeReduce(b, grad));
  }

  /** {@code _SubGrad}: grad and {@code -grad}, reduced where an input was broadcast. */
  static List<Output<?>> subGrad(Tf1Ops b, GraphOperation op, List<Output<?>> grads) {
    Output<?> grad = grads.get(0);
    Output<?> x = op.input(0);
    Output<?> y = op.input(1);
    if (shapesFullySpecifiedAndEqual(b, x, y, grad)) {
      return Arrays.asList(grad, b.neg(grad));
    }
    Broadcast[] bc = smartBroadcastGradientArgs(b, x, y, grad);
    Output<?> gx = bc[0].maybeReduce(b, grad);
    return Arrays.asList(gx, bc[1].maybeReduce(b, b.neg(grad)));
  }

  /** {@code _MulGrad}: {@code Mul(grad, y)} and {@code Mul(x, grad)}, reduced where broadcast. */
  static List<Output<?>> mulGrad(Tf1Ops b, GraphOperation op, List<Output<?>> grads) {
    Output<?> grad = grads.get(0);
    Output<?> x = op.input(0);
    Output<?> y = op.input(1);
    DataType t = b.baseType(grad);
    if (shapesFullySpecifiedAndEqual(b, x, y, grad)
        && (t == DataType.DT_INT32 || t == DataType.DT_FLOAT)) {
      return Arrays.asList(b.genMul(grad, y), b.genMul(grad, x));
    }
    Broadcast[] bc = smartBroadcastGradientArgs(b, x, y, grad);
    Output<?> gx = bc[0].maybeReduce(b, b.genMul(grad, y));
    return Arrays.asList(gx, bc[1].maybeReduce(b, b.genMul(x, grad)));
  }

  /**
   * {@code _SquaredDifferenceGrad}: under a control dependency on grad, {@code x_grad =
   * scalar_mul(2.0, grad) * (x - y)}; x gets it, y its negation, each reduced where broadcast.
   */
  static List<Output<?>> squaredDifferenceGrad(Tf1Ops b, GraphOperation op,
      List<Output<?>> grads) {
    Output<?> grad = grads.get(0);
    Output<?> x = op.input(0);
    Output<?> y = op.input(1);
    Output<?> xGrad;
    try (Tf1Ops.Block c = b.controlDependencies(List.of(grad.op()))) {
      Output<?> two = b.constant(Tf1Ops.scalar(b.baseType(grad), 2.0), "scalar");
      xGrad = b.mul(b.genMul(two, grad), b.sub(x, y));
    }
    if (shapesFullySpecifiedAndEqual(b, x, y, grad)) {
      return Arrays.asList(xGrad, b.neg(xGrad));
    }
    Broadcast[] bc = smartBroadcastGradientArgs(b, x, y, grad);
    Output<?> gx = bc[0].maybeReduce(b, xGrad);
    return Arrays.asList(gx, b.neg(bc[1].maybeReduce(b, xGrad)));
  }

  /** {@code _TanhGrad}: {@code TanhGrad(y, grad)} (under a control dependency on grad). */
  static List<Output<?>> tanhGrad(Tf1Ops b, GraphOperation op, List<Output<?>> grads) {
    Output<?> grad = grads.get(0);
    try (Tf1Ops.Block c = b.controlDependencies(List.of(grad.op()))) {
      return List.of(b.op("TanhGrad").input(op.output(0)).input(grad).build().output(0));
    }
  }

  /** {@code _RsqrtGrad}: {@code RsqrtGrad(y, grad)}. */
  static List<Output<?>> rsqrtGrad(Tf1Ops b, GraphOperation op, List<Output<?>> grads) {
    return List.of(b.op("RsqrtGrad").input(op.output(0)).input(grads.get(0)).build().output(0));
  }

  /**
   * {@code _MatMulGrad}: for {@code a @ b}, {@code MatMul(grad, b, transpose_b)} and {@code
   * MatMul(a, grad, transpose_a)}, and the transposed cases.
   */
  static List<Output<?>> matMulGrad(Tf1Ops b, GraphOperation op, List<Output<?>> grads) {
    Output<?> grad = grads.get(0);
    boolean ta = op.attributes().getAttrBool("transpose_a");
    boolean tb = op.attributes().getAttrBool("transpose_b");
    Output<?> x = op.input(0);
    Output<?> y = op.input(1);
    Output<?> ga;
    Output<?> gb;
    if (!ta && !tb) {
      ga = matMul(b, grad, y, false, true);
      gb = matMul(b, x, grad, true, false);
    } else if (!ta) {
      ga = matMul(b, grad, y, false, false);
      gb = matMul(b, grad, x, true, false);
    } else if (!tb) {
      ga = matMul(b, y, grad, false, true);
      gb = matMul(b, x, grad, false, false);
    } else {
      ga = matMul(b, y, grad, true, true);
      gb = matMul(b, grad, x, true, true);
    }
    return Arrays.asList(ga, gb);
  }

  private static Output<?> matMul(Tf1Ops b, Output<?> x, Output<?> y, boolean ta, boolean tb) {
    return b.op("MatMul").input(x).input(y).attr("transpose_a", ta).attr("transpose_b", tb)
        .build().output(0);
  }

  /** {@code _ShapesFullySpecifiedAndEqual(x, y, grad)}. */
  static boolean shapesFullySpecifiedAndEqual(Tf1Ops b, Output<?> x, Output<?> y,
      Output<?> grad) {
    long[] sx = b.shapeTuple(x);
    long[] sy = b.shapeTuple(y);
    long[] sg = b.shapeTuple(grad);
    return Arrays.equals(sx, sy) && Arrays.equals(sx, sg) && Tf1Ops.fullyDefined(sx);
  }

  /**
   * What {@code SmartBroadcastGradientArgs} returns for one input: its shape and reduction
   * indices, as tensors ({@code shape}, {@code reduction}) or as Python tuples ({@code
   * staticShape}, {@code staticReduction}), and whether its gradient must be reduced.
   */
  private record Broadcast(Output<?> shape, Output<?> reduction, long[] staticShape,
      long[] staticReduction, boolean mustReduce) {
    /** {@code reshape(reduce_sum(g, r), s)} when the input must be reduced, else g itself. */
    Output<?> maybeReduce(Tf1Ops b, Output<?> g) {
      if (!mustReduce) {
        return g;
      }
      return reduction != null ? b.reshape(b.reduceSum(g, reduction), shape)
          : b.reshape(b.reduceSum(g, staticReduction), staticShape);
    }
  }

  /**
   * {@code math_grad.SmartBroadcastGradientArgs}: with a dimension unknown, {@code Shape} of x
   * and y ({@code optimize=False}) and {@code BroadcastGradientArgs}; with both fully defined,
   * the reduction indices as Python tuples (from the graph's cache), and a reduction only where
   * an input's shape differs from the gradient's.
   */
  private static Broadcast[] smartBroadcastGradientArgs(Tf1Ops b, Output<?> x, Output<?> y,
      Output<?> grad) {
    long[] xs = b.shapeTuple(x);
    long[] ys = b.shapeTuple(y);
    long[] gs = b.shapeTuple(grad);
    if (!Tf1Ops.fullyDefined(xs) || !Tf1Ops.fullyDefined(ys)) {
      Output<?> sx = b.shapeInternal(x, false);
      Output<?> sy = b.shapeInternal(y, false);
      Output<?>[] r = b.broadcastGradientArgs(sx, sy);
      return new Broadcast[] {new Broadcast(sx, r[0], null, null, true),
          new Broadcast(sy, r[1], null, null, true)};
    }
    long[][] r = b.broadcastGradientArgs(xs, ys);
    return new Broadcast[] {new Broadcast(null, null, xs, r[0], !Arrays.equals(xs, gs)),
        new Broadcast(null, null, ys, r[1], !Arrays.equals(ys, gs))};
  }

  /** {@code tensor_util.constant_value} of an integer Const, or null. */
  static long[] constantInts(Output<?> t) {
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
