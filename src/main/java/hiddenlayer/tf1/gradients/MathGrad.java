package hiddenlayer.tf1.gradients;

import hiddenlayer.tf1.ArrayOps;
import hiddenlayer.tf1.MathOps;
import hiddenlayer.tf1.TensorUtil;
import hiddenlayer.tf1.Tf1Graph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TInt32;

/** TF 1.15's {@code python/ops/math_grad.py}: the gradients of the math ops these graphs use. */
final class MathGrad {
  private MathGrad() {}

  static void register(GradientRegistry r) {
    r.register("Sum", MathGrad::sumGrad);
    r.register("Mean", MathGrad::meanGrad);
    r.register("AddN", MathGrad::addNGrad);
    r.register("Add", MathGrad::addGrad);
    r.register("AddV2", MathGrad::addGrad);
    r.register("Sub", MathGrad::subGrad);
    r.register("Mul", MathGrad::mulGrad);
    r.register("SquaredDifference", MathGrad::squaredDifferenceGrad);
    r.register("Tanh", MathGrad::tanhGrad);
    r.register("Rsqrt", MathGrad::rsqrtGrad);
    r.register("MatMul", MathGrad::matMulGrad);
    for (String t : List.of("ArgMax", "ArgMin")) {
      r.register(t, (g, op, grads) -> Arrays.asList(null, null));
    }
    for (String t : List.of("Less", "LessEqual", "Greater", "GreaterEqual", "Equal",
        "NotEqual", "LogicalAnd", "LogicalOr", "LogicalNot")) {
      r.notDifferentiable(t);
    }
  }

  /**
   * {@code _SumGrad}: reshape the gradient to the kept-dims shape and tile it back. Reducing all
   * dimensions of a known rank: {@code Reshape(grad, [1]*rank)}, {@code Tile} by the input's
   * shape (a Const when fully defined); otherwise {@code reduced_shape} and {@code
   * _safe_shape_div} on the runtime shape, colocated with it.
   */
  static List<Output<?>> sumGrad(Tf1Graph g, GraphOperation op, List<Output<?>> grads) {
    return Arrays.asList(sumGradInput(g, op, grads.get(0)), null);
  }

  private static Output<?> sumGradInput(Tf1Graph g, GraphOperation op, Output<?> grad) {
    long[] inputShape = g.shapeTuple(op.input(0));
    if (inputShape != null) {
      long[] axes = TensorUtil.constantInts(op.input(1));
      // np.array_equal(axes, arange(rank)) fails for a scalar axis: only a vector matches.
      if (axes != null && op.input(1).shape().numDimensions() == 1) {
        int rank = inputShape.length;
        if (Arrays.equals(axes, TensorUtil.arange(rank))) {
          long[] ones = new long[rank];
          Arrays.fill(ones, 1);
          grad = ArrayOps.reshape(g, grad, ones);
          Output<?> shape = TensorUtil.fullyDefined(inputShape)
              ? g.constant(TensorUtil.ints(inputShape), "Const")
              : ArrayOps.shape(g, op.input(0));
          return ArrayOps.tile(g, grad, shape);
        } else if (TensorUtil.fullyDefined(inputShape)) {
          throw new UnsupportedOperationException(
              "Sum gradient with static reduced shape (graph cache) at " + op.name());
        }
      }
    }
    Output<?> shape = ArrayOps.shape(g, op.input(0));
    Output<?> keptDims;
    Output<?> tileScaling;
    try (Tf1Graph.Block c = g.colocateWith(shape.op(), false)) {
      keptDims = reducedShape(g, shape, op.input(1));
      tileScaling = safeShapeDiv(g, shape, keptDims);
    }
    grad = ArrayOps.reshape(g, grad, keptDims);
    return ArrayOps.tile(g, grad, tileScaling);
  }

  /** {@code math_ops.reduced_shape(input_shape, axes)}: the shape with keepdims. */
  private static Output<?> reducedShape(Tf1Graph g, Output<?> inputShape, Output<?> axes) {
    inputShape = MathOps.cast(g, inputShape, DataType.DT_INT32);
    axes = MathOps.cast(g, axes, DataType.DT_INT32);
    Output<?> inputRank = ArrayOps.size(g, inputShape);
    axes = MathOps.mod(g, MathOps.add(g, axes, inputRank), inputRank);
    Output<?> axesShape = ArrayOps.shape(g, axes);
    Output<?> range = MathOps.range(g, inputRank);
    Output<?> ones = ArrayOps.fill(g, axesShape, TInt32.scalarOf(1));
    return ArrayOps.dynamicStitch(g, List.of(range, axes), List.of(inputShape, ones));
  }

  /** {@code math_grad._safe_shape_div(x, y)}: {@code x // maximum(y, 1)}. */
  private static Output<?> safeShapeDiv(Tf1Graph g, Output<?> x, Output<?> y) {
    Output<?> max = MathOps.maximum(g, y, 1);
    return MathOps.floordiv(g, x, max);
  }

  /**
   * {@code _MeanGrad}: the Sum gradient divided by the number of elements averaged, a Const
   * when both shapes are fully defined, else {@code Prod(Shape(in)) // max(Prod(Shape(out)), 1)}
   * cast to the gradient's dtype.
   */
  static List<Output<?>> meanGrad(Tf1Graph g, GraphOperation op, List<Output<?>> grads) {
    Output<?> sumGrad = sumGradInput(g, op, grads.get(0));
    long[] inputShape = g.shapeTuple(op.input(0));
    long[] outputShape = g.shapeTuple(op.output(0));
    Output<?> factor;
    if (TensorUtil.fullyDefined(inputShape) && TensorUtil.fullyDefined(outputShape)) {
      long in = Shape.of(inputShape).size();
      long out = Shape.of(outputShape).size();
      factor = g.constant(TensorUtil.scalar(g.baseType(sumGrad), in / Math.max(out, 1)),
          "Const");
    } else {
      Output<?> inShape = ArrayOps.shape(g, op.input(0));
      Output<?> outShape = ArrayOps.shape(g, op.output(0));
      Output<?> inSize = MathOps.reduceProd(g, inShape);
      Output<?> outSize = MathOps.reduceProd(g, outShape);
      factor = safeShapeDiv(g, inSize, outSize);
    }
    Output<?> divisor = MathOps.cast(g, factor, g.baseType(sumGrad));
    return Arrays.asList(MathOps.truediv(g, sumGrad, divisor), null);
  }

  /** {@code _AddNGrad}: the gradient to every input. */
  static List<Output<?>> addNGrad(Tf1Graph g, GraphOperation op, List<Output<?>> grads) {
    List<Output<?>> r = new ArrayList<>();
    for (int i = 0; i < op.numInputs(); i++) {
      r.add(grads.get(0));
    }
    return r;
  }

  /** {@code _AddGrad} (Add and AddV2): grad to both, reduced where an input was broadcast. */
  static List<Output<?>> addGrad(Tf1Graph g, GraphOperation op, List<Output<?>> grads) {
    Output<?> grad = grads.get(0);
    Output<?> x = op.input(0);
    Output<?> y = op.input(1);
    if (shapesFullySpecifiedAndEqual(g, x, y, grad)) {
      return Arrays.asList(grad, grad);
    }
    Broadcast[] bc = smartBroadcastGradientArgs(g, x, y, grad);
    return Arrays.asList(bc[0].maybeReduce(g, grad), bc[1].maybeReduce(g, grad));
  }

  /** {@code _SubGrad}: grad and {@code -grad}, reduced where an input was broadcast. */
  static List<Output<?>> subGrad(Tf1Graph g, GraphOperation op, List<Output<?>> grads) {
    Output<?> grad = grads.get(0);
    Output<?> x = op.input(0);
    Output<?> y = op.input(1);
    if (shapesFullySpecifiedAndEqual(g, x, y, grad)) {
      return Arrays.asList(grad, MathOps.neg(g, grad));
    }
    Broadcast[] bc = smartBroadcastGradientArgs(g, x, y, grad);
    Output<?> gx = bc[0].maybeReduce(g, grad);
    return Arrays.asList(gx, bc[1].maybeReduce(g, MathOps.neg(g, grad)));
  }

  /** {@code _MulGrad}: {@code Mul(grad, y)} and {@code Mul(x, grad)}, reduced where broadcast. */
  static List<Output<?>> mulGrad(Tf1Graph g, GraphOperation op, List<Output<?>> grads) {
    Output<?> grad = grads.get(0);
    Output<?> x = op.input(0);
    Output<?> y = op.input(1);
    DataType t = g.baseType(grad);
    if (shapesFullySpecifiedAndEqual(g, x, y, grad)
        && (t == DataType.DT_INT32 || t == DataType.DT_FLOAT)) {
      return Arrays.asList(MathOps.genMul(g, grad, y), MathOps.genMul(g, grad, x));
    }
    Broadcast[] bc = smartBroadcastGradientArgs(g, x, y, grad);
    Output<?> gx = bc[0].maybeReduce(g, MathOps.genMul(g, grad, y));
    return Arrays.asList(gx, bc[1].maybeReduce(g, MathOps.genMul(g, x, grad)));
  }

  /**
   * {@code _SquaredDifferenceGrad}: under a control dependency on grad, {@code x_grad =
   * scalar_mul(2.0, grad) * (x - y)}; x gets it, y its negation, each reduced where broadcast.
   */
  static List<Output<?>> squaredDifferenceGrad(Tf1Graph g, GraphOperation op,
      List<Output<?>> grads) {
    Output<?> grad = grads.get(0);
    Output<?> x = op.input(0);
    Output<?> y = op.input(1);
    Output<?> xGrad;
    try (Tf1Graph.Block c = g.controlDependencies(List.of(grad.op()))) {
      Output<?> two = g.constant(TensorUtil.scalar(g.baseType(grad), 2.0), "scalar");
      xGrad = MathOps.mul(g, MathOps.genMul(g, two, grad), MathOps.sub(g, x, y));
    }
    if (shapesFullySpecifiedAndEqual(g, x, y, grad)) {
      return Arrays.asList(xGrad, MathOps.neg(g, xGrad));
    }
    Broadcast[] bc = smartBroadcastGradientArgs(g, x, y, grad);
    Output<?> gx = bc[0].maybeReduce(g, xGrad);
    return Arrays.asList(gx, MathOps.neg(g, bc[1].maybeReduce(g, xGrad)));
  }

  /** {@code _TanhGrad}: {@code TanhGrad(y, grad)} (under a control dependency on grad). */
  static List<Output<?>> tanhGrad(Tf1Graph g, GraphOperation op, List<Output<?>> grads) {
    Output<?> grad = grads.get(0);
    try (Tf1Graph.Block c = g.controlDependencies(List.of(grad.op()))) {
      return List.of(g.op("TanhGrad").input(op.output(0)).input(grad).build().output(0));
    }
  }

  /** {@code _RsqrtGrad}: {@code RsqrtGrad(y, grad)}. */
  static List<Output<?>> rsqrtGrad(Tf1Graph g, GraphOperation op, List<Output<?>> grads) {
    return List.of(g.op("RsqrtGrad").input(op.output(0)).input(grads.get(0)).build().output(0));
  }

  /**
   * {@code _MatMulGrad}: for {@code a @ b}, {@code MatMul(grad, b, transpose_b)} and {@code
   * MatMul(a, grad, transpose_a)}, and the transposed cases.
   */
  static List<Output<?>> matMulGrad(Tf1Graph g, GraphOperation op, List<Output<?>> grads) {
    Output<?> grad = grads.get(0);
    boolean ta = op.attributes().getAttrBool("transpose_a");
    boolean tb = op.attributes().getAttrBool("transpose_b");
    Output<?> x = op.input(0);
    Output<?> y = op.input(1);
    Output<?> ga;
    Output<?> gb;
    if (!ta && !tb) {
      ga = matMul(g, grad, y, false, true);
      gb = matMul(g, x, grad, true, false);
    } else if (!ta) {
      ga = matMul(g, grad, y, false, false);
      gb = matMul(g, grad, x, true, false);
    } else if (!tb) {
      ga = matMul(g, y, grad, false, true);
      gb = matMul(g, x, grad, false, false);
    } else {
      ga = matMul(g, y, grad, true, true);
      gb = matMul(g, grad, x, true, true);
    }
    return Arrays.asList(ga, gb);
  }

  private static Output<?> matMul(Tf1Graph g, Output<?> x, Output<?> y, boolean ta, boolean tb) {
    return g.op("MatMul").input(x).input(y).attr("transpose_a", ta).attr("transpose_b", tb)
        .build().output(0);
  }

  /** {@code _ShapesFullySpecifiedAndEqual(x, y, grad)}. */
  static boolean shapesFullySpecifiedAndEqual(Tf1Graph g, Output<?> x, Output<?> y,
      Output<?> grad) {
    long[] sx = g.shapeTuple(x);
    long[] sy = g.shapeTuple(y);
    long[] sg = g.shapeTuple(grad);
    return Arrays.equals(sx, sy) && Arrays.equals(sx, sg) && TensorUtil.fullyDefined(sx);
  }

  /**
   * What {@code SmartBroadcastGradientArgs} returns for one input: its shape and reduction
   * indices, as tensors ({@code shape}, {@code reduction}) or as Python tuples ({@code
   * staticShape}, {@code staticReduction}), and whether its gradient must be reduced.
   */
  private record Broadcast(Output<?> shape, Output<?> reduction, long[] staticShape,
      long[] staticReduction, boolean mustReduce) {
    /** {@code reshape(reduce_sum(g, r), s)} when the input must be reduced, else g itself. */
    Output<?> maybeReduce(Tf1Graph g, Output<?> grad) {
      if (!mustReduce) {
        return grad;
      }
      return reduction != null ? ArrayOps.reshape(g, MathOps.reduceSum(g, grad, reduction), shape)
          : ArrayOps.reshape(g, MathOps.reduceSum(g, grad, staticReduction), staticShape);
    }
  }

  /**
   * {@code math_grad.SmartBroadcastGradientArgs}: with a dimension unknown, {@code Shape} of x
   * and y ({@code optimize=False}) and {@code BroadcastGradientArgs}; with both fully defined,
   * the reduction indices as Python tuples (from the graph's cache), and a reduction only where
   * an input's shape differs from the gradient's.
   */
  private static Broadcast[] smartBroadcastGradientArgs(Tf1Graph g, Output<?> x, Output<?> y,
      Output<?> grad) {
    long[] xs = g.shapeTuple(x);
    long[] ys = g.shapeTuple(y);
    long[] gs = g.shapeTuple(grad);
    if (!TensorUtil.fullyDefined(xs) || !TensorUtil.fullyDefined(ys)) {
      Output<?> sx = ArrayOps.shapeInternal(g, x, false);
      Output<?> sy = ArrayOps.shapeInternal(g, y, false);
      Output<?>[] r = ArrayOps.broadcastGradientArgs(g, sx, sy);
      return new Broadcast[] {new Broadcast(sx, r[0], null, null, true),
          new Broadcast(sy, r[1], null, null, true)};
    }
    long[][] r = ArrayOps.broadcastGradientArgs(g, xs, ys);
    return new Broadcast[] {new Broadcast(null, null, xs, r[0], !Arrays.equals(xs, gs)),
        new Broadcast(null, null, ys, r[1], !Arrays.equals(ys, gs))};
  }
}
