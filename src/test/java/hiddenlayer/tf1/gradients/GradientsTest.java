package hiddenlayer.tf1.gradients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hiddenlayer.tf1.Cond;
import hiddenlayer.tf1.CondContext;
import hiddenlayer.tf1.RefVariable;
import hiddenlayer.tf1.Tf1Graph;
import hiddenlayer.tf1.Tf1Scope;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Merge;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.math.Sub;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * {@link Gradients} on a small graph with a v1 cond, against a listing derived by hand from TF
 * 1.15.0's sources (NVIDIA/tensorflow at 590d6eef, {@code tensorflow/python/ops/}), and against
 * the values worked out on paper.
 *
 * <p>The graph: {@code h = x @ W} ({@code x} [?, 3], W [3, 2]), {@code m = reduce_mean(h, [0])},
 * {@code c = tf.cond(training, lambda: m, lambda: zeros)}, {@code loss = reduce_mean(h - c)}.
 */
class GradientsTest {
  /**
   * The gradient subgraph in creation order, block by block, as TF1 builds it for
   * {@code tf.gradients(loss, [W], gate_gradients=True)}.
   */
  private static final List<String> EXPECTED = List.of(
      // gradients_util._DefaultGradYs: fill(shape(y), constant(1, name="grad_ys_0")); the shape
      // of the scalar loss is fully defined, so array_ops.shape_internal makes it a Const.
      "gradients/Shape Const []",
      "gradients/grad_ys_0 Const []",
      "gradients/Fill Fill [gradients/Shape, gradients/grad_ys_0]",
      // math_grad._MeanGrad -> _SumGrad, fast path (axes [0, 1] = arange(rank)): reshape(grad,
      // [1, 1]), tile by shape(input) (a Shape op: the batch is unknown); then the factor from
      // runtime shapes: Prod(Shape) // Maximum(Prod(Shape of the scalar, a Const), 1), Cast.
      "gradients/Mean_1_grad/Reshape/shape Const []",
      "gradients/Mean_1_grad/Reshape Reshape [gradients/Fill, gradients/Mean_1_grad/Reshape/shape]",
      "gradients/Mean_1_grad/Shape Shape [sub]",
      "gradients/Mean_1_grad/Tile Tile [gradients/Mean_1_grad/Reshape, gradients/Mean_1_grad/Shape]",
      "gradients/Mean_1_grad/Shape_1 Shape [sub]",
      "gradients/Mean_1_grad/Shape_2 Const []",
      "gradients/Mean_1_grad/Const Const []",
      "gradients/Mean_1_grad/Prod Prod [gradients/Mean_1_grad/Shape_1, gradients/Mean_1_grad/Const]",
      "gradients/Mean_1_grad/Const_1 Const []",
      "gradients/Mean_1_grad/Prod_1 Prod [gradients/Mean_1_grad/Shape_2, gradients/Mean_1_grad/Const_1]",
      "gradients/Mean_1_grad/Maximum/y Const []",
      "gradients/Mean_1_grad/Maximum Maximum [gradients/Mean_1_grad/Prod_1, gradients/Mean_1_grad/Maximum/y]",
      "gradients/Mean_1_grad/floordiv FloorDiv [gradients/Mean_1_grad/Prod, gradients/Mean_1_grad/Maximum]",
      "gradients/Mean_1_grad/Cast Cast [gradients/Mean_1_grad/floordiv]",
      "gradients/Mean_1_grad/truediv RealDiv [gradients/Mean_1_grad/Tile, gradients/Mean_1_grad/Cast]",
      // math_grad._SubGrad with x [?, 2], y [2]: SmartBroadcastGradientArgs falls back to
      // shape_internal(optimize=False) and BroadcastGradientArgs; gx = reshape(sum(grad, rx),
      // sx), gy = reshape(sum(-grad, ry), sy); GATE_OP: control_flow_ops.tuple.
      "gradients/sub_grad/Shape Shape [MatMul]",
      "gradients/sub_grad/Shape_1 Shape [cond/Merge]",
      "gradients/sub_grad/BroadcastGradientArgs BroadcastGradientArgs [gradients/sub_grad/Shape, gradients/sub_grad/Shape_1]",
      "gradients/sub_grad/Sum Sum [gradients/Mean_1_grad/truediv, gradients/sub_grad/BroadcastGradientArgs]",
      "gradients/sub_grad/Reshape Reshape [gradients/sub_grad/Sum, gradients/sub_grad/Shape]",
      "gradients/sub_grad/Neg Neg [gradients/Mean_1_grad/truediv]",
      "gradients/sub_grad/Sum_1 Sum [gradients/sub_grad/Neg, gradients/sub_grad/BroadcastGradientArgs:1]",
      "gradients/sub_grad/Reshape_1 Reshape [gradients/sub_grad/Sum_1, gradients/sub_grad/Shape_1]",
      "gradients/sub_grad/tuple/group_deps NoOp [^gradients/sub_grad/Reshape, ^gradients/sub_grad/Reshape_1]",
      "gradients/sub_grad/tuple/control_dependency Identity [gradients/sub_grad/Reshape, ^gradients/sub_grad/tuple/group_deps]",
      "gradients/sub_grad/tuple/control_dependency_1 Identity [gradients/sub_grad/Reshape_1, ^gradients/sub_grad/tuple/group_deps]",
      // control_flow_grad._MergeGrad in the CondContext of the Merge's first input:
      // _SwitchRefOrTensor(grad, pred_id, name="cond_grad"); two gradients, so a tuple.
      "gradients/cond/Merge_grad/cond_grad Switch [gradients/sub_grad/tuple/control_dependency_1, cond/pred_id]",
      "gradients/cond/Merge_grad/tuple/group_deps NoOp [^gradients/cond/Merge_grad/cond_grad]",
      "gradients/cond/Merge_grad/tuple/control_dependency Identity [gradients/cond/Merge_grad/cond_grad, ^gradients/cond/Merge_grad/tuple/group_deps]",
      "gradients/cond/Merge_grad/tuple/control_dependency_1 Identity [gradients/cond/Merge_grad/cond_grad:1, ^gradients/cond/Merge_grad/tuple/group_deps]",
      // The true branch's result is m from outside (lambda: m): one Switch, whose false output
      // has no gradient: control_flow_state.ZerosLikeOutsideLoop,
      // under gradients/: switch(m, pred)[1 - branch], its Identity as pivot, zeros of its shape
      // (shape_internal, optimize=False) under control_dependencies([pivot]), which the Fill,
      // taking zeros/Const from inside the block, does not repeat.
      "gradients/Switch Switch [Mean, cond/pred_id]",
      "gradients/Identity Identity [gradients/Switch]",
      "gradients/Shape_1 Shape [gradients/Switch]",
      "gradients/zeros/Const Const [^gradients/Identity]",
      "gradients/zeros Fill [gradients/Shape_1, gradients/zeros/Const]",
      // control_flow_grad._SwitchGrad in a CondContext: merge(grad, name="cond_grad")[0].
      "gradients/cond/Switch_1_grad/cond_grad Merge [gradients/zeros, gradients/cond/Merge_grad/tuple/control_dependency_1]",
      // math_grad._MeanGrad -> _SumGrad over axis 0 of [?, 2]: the general path, colocated with
      // Shape: math_ops.reduced_shape (Size is a Const: the shape vector's length is known) and
      // _safe_shape_div; the factor from runtime shapes as above (the output's is a Const).
      "gradients/Mean_grad/Shape Shape [MatMul]",
      "gradients/Mean_grad/Size Const []",
      "gradients/Mean_grad/add AddV2 [Const, gradients/Mean_grad/Size]",
      "gradients/Mean_grad/mod FloorMod [gradients/Mean_grad/add, gradients/Mean_grad/Size]",
      "gradients/Mean_grad/Shape_1 Const []",
      "gradients/Mean_grad/range/start Const []",
      "gradients/Mean_grad/range/delta Const []",
      "gradients/Mean_grad/range Range [gradients/Mean_grad/range/start, gradients/Mean_grad/Size, gradients/Mean_grad/range/delta]",
      "gradients/Mean_grad/Fill/value Const []",
      "gradients/Mean_grad/Fill Fill [gradients/Mean_grad/Shape_1, gradients/Mean_grad/Fill/value]",
      "gradients/Mean_grad/DynamicStitch DynamicStitch [gradients/Mean_grad/range, gradients/Mean_grad/mod, gradients/Mean_grad/Shape, gradients/Mean_grad/Fill]",
      "gradients/Mean_grad/Maximum/y Const []",
      "gradients/Mean_grad/Maximum Maximum [gradients/Mean_grad/DynamicStitch, gradients/Mean_grad/Maximum/y]",
      "gradients/Mean_grad/floordiv FloorDiv [gradients/Mean_grad/Shape, gradients/Mean_grad/Maximum]",
      "gradients/Mean_grad/Reshape Reshape [gradients/cond/Switch_1_grad/cond_grad, gradients/Mean_grad/DynamicStitch]",
      "gradients/Mean_grad/Tile Tile [gradients/Mean_grad/Reshape, gradients/Mean_grad/floordiv]",
      "gradients/Mean_grad/Shape_2 Shape [MatMul]",
      "gradients/Mean_grad/Shape_3 Const []",
      "gradients/Mean_grad/Const Const []",
      "gradients/Mean_grad/Prod Prod [gradients/Mean_grad/Shape_2, gradients/Mean_grad/Const]",
      "gradients/Mean_grad/Const_1 Const []",
      "gradients/Mean_grad/Prod_1 Prod [gradients/Mean_grad/Shape_3, gradients/Mean_grad/Const_1]",
      "gradients/Mean_grad/Maximum_1/y Const []",
      "gradients/Mean_grad/Maximum_1 Maximum [gradients/Mean_grad/Prod_1, gradients/Mean_grad/Maximum_1/y]",
      "gradients/Mean_grad/floordiv_1 FloorDiv [gradients/Mean_grad/Prod, gradients/Mean_grad/Maximum_1]",
      "gradients/Mean_grad/Cast Cast [gradients/Mean_grad/floordiv_1]",
      "gradients/Mean_grad/truediv RealDiv [gradients/Mean_grad/Tile, gradients/Mean_grad/Cast]",
      // gradients_util._AggregatedGrads: h has two gradients, in the order they arrived (sub
      // was visited before Mean): math_ops.add_n under gradients/.
      "gradients/AddN AddN [gradients/sub_grad/tuple/control_dependency, gradients/Mean_grad/truediv]",
      // math_grad._MatMulGrad: grad @ W^T and x^T @ grad, both built (x's is unused), a tuple.
      "gradients/MatMul_grad/MatMul MatMul [gradients/AddN, Variable/read]",
      "gradients/MatMul_grad/MatMul_1 MatMul [Placeholder, gradients/AddN]",
      "gradients/MatMul_grad/tuple/group_deps NoOp [^gradients/MatMul_grad/MatMul, ^gradients/MatMul_grad/MatMul_1]",
      "gradients/MatMul_grad/tuple/control_dependency Identity [gradients/MatMul_grad/MatMul, ^gradients/MatMul_grad/tuple/group_deps]",
      "gradients/MatMul_grad/tuple/control_dependency_1 Identity [gradients/MatMul_grad/MatMul_1, ^gradients/MatMul_grad/tuple/group_deps]");

  private static final float[] X = {1, 2, 3, -4, 5, 6, 0.5f, -1, 2, 3, 3, -2};

  private record Small(Graph graph, Placeholder<TFloat32> x, Placeholder<TBool> training,
      Output<?> dW, RefVariable w) {}

  private static Small build(Graph g) {
    return build(g, Tf1Scope.root(g));
  }

  private static Small build(Graph g, Tf1Scope root) {
    Placeholder<TFloat32> x = Placeholder.create(root.withName("Placeholder"), TFloat32.class,
        Placeholder.shape(Shape.of(-1, 3)));
    Placeholder<TBool> training = Placeholder.create(root.withName("Placeholder"), TBool.class);
    RefVariable w = RefVariable.create(root, "Variable", true, s -> Constant.tensorOf(
        s.withName("initial_value"), Shape.of(3, 2),
        DataBuffers.of(new float[] {1, 2, 3, 4, 5, 6}, true, false)));
    Operand<TFloat32> h = MatMul.create(root.withName("MatMul"), x, w.read());
    Operand<TFloat32> m = Mean.create(root.withName("Mean"), h,
        Constant.vectorOf(root.withName("Const"), new int[] {0}));
    Operand<TFloat32> zeros = Constant.vectorOf(root.withName("zeros"), new float[] {0, 0});
    Merge<TFloat32> c = Cond.cond(root, training, t -> m, f -> zeros);
    Operand<TFloat32> loss = Mean.create(root.withName("Mean"),
        Sub.create(root.withName("sub"), h, c.output()),
        Constant.vectorOf(root.withName("Const"), new int[] {0, 1}));
    Tf1Graph tf1 = new Tf1Graph(g, root);
    List<Output<?>> grads = Gradients.gradients(tf1, loss.asOutput(),
        List.of(w.variable().asOutput()), true);
    return new Small(g, x, training, grads.get(0), w);
  }

  @Test
  void buildsTheNodesTf1Builds() {
    try (Graph g = new Graph()) {
      build(g);
      List<String> got = new ArrayList<>();
      for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        if (op.name().startsWith("gradients/")) {
          got.add(listing(op));
        }
      }
      assertEquals(String.join("\n", EXPECTED), String.join("\n", got));
    }
  }

  @Test
  void theGradientIsTheMeanInputOverTwoColumnsOrZero() {
    try (Graph g = new Graph()) {
      Small s = build(g);
      // Paper: training=False, loss = mean(h) over 4 x 2 values, so dW[i][j] = sum_n x[n][i] / 8;
      // training=True, h - mean_0(h) has mean 0 whatever W is: dW = 0.
      float[] col = new float[3];
      for (int n = 0; n < 4; n++) {
        for (int i = 0; i < 3; i++) {
          col[i] += X[n * 3 + i] / 8f;
        }
      }
      float[] expectedFalse = {col[0], col[0], col[1], col[1], col[2], col[2]};
      assertArrayClose(expectedFalse, run(s, false), 1e-6f);
      assertArrayClose(new float[6], run(s, true), 1e-6f);
    }
  }

  /**
   * The attributes TF1 sets that the listing does not show: _MatMulGrad's transpose flags;
   * {@code _class} from {@code colocate_with}: with_dependencies colocates each tuple output with
   * its tensor, _SwitchRefOrTensor the Merge gradient's Switch with the gradient (whose own
   * colocation group it inherits), _SumGrad the reduced-shape arithmetic with the Shape it reads;
   * keep_dims false on the Sum and Prod of math_ops' reductions; Cast to float32.
   */
  @Test
  void attributesAreTf1s() {
    try (Graph g = new Graph()) {
      build(g);
      var mm = g.operation("gradients/MatMul_grad/MatMul").attributes();
      assertEquals(List.of(false, true),
          List.of(mm.getAttrBool("transpose_a"), mm.getAttrBool("transpose_b")));
      var mm1 = g.operation("gradients/MatMul_grad/MatMul_1").attributes();
      assertEquals(List.of(true, false),
          List.of(mm1.getAttrBool("transpose_a"), mm1.getAttrBool("transpose_b")));
      assertEquals(List.of("loc:@gradients/MatMul_grad/MatMul"),
          colocation(g, "gradients/MatMul_grad/tuple/control_dependency"));
      assertEquals(List.of("loc:@gradients/sub_grad/Reshape_1"),
          colocation(g, "gradients/cond/Merge_grad/cond_grad"));
      for (String op : List.of("Size", "add", "mod", "Shape_1", "range", "Fill",
          "DynamicStitch", "Maximum", "floordiv")) {
        assertEquals(List.of("loc:@gradients/Mean_grad/Shape"),
            colocation(g, "gradients/Mean_grad/" + op), op);
      }
      assertEquals(List.of(), colocation(g, "gradients/Mean_grad/Reshape"));
      assertEquals(false, g.operation("gradients/sub_grad/Sum").attributes()
          .getAttrBool("keep_dims"));
      assertEquals(false, g.operation("gradients/Mean_grad/Prod").attributes()
          .getAttrBool("keep_dims"));
      assertEquals(org.tensorflow.proto.DataType.DT_FLOAT,
          g.operation("gradients/Mean_grad/Cast").attributes().getAttrType("DstT"));
    }
  }

  /**
   * gradients_util._GradientsHelper builds the GATE_OP tuple under {@code ops.device(None)}: on a
   * graph placed on a device, the tuple's ops get none, every other gradient op keeps it.
   */
  @Test
  void tupleOpsHaveNoDevice() {
    try (Graph g = new Graph()) {
      build(g, Tf1Scope.root(g).withDevice(org.tensorflow.DeviceSpec.newBuilder()
          .deviceType(org.tensorflow.DeviceSpec.DeviceType.CPU).deviceIndex(0).build()));
      assertEquals("", g.operation("gradients/MatMul_grad/tuple/group_deps").device());
      assertEquals("", g.operation("gradients/MatMul_grad/tuple/control_dependency").device());
      assertEquals("/device:CPU:0", g.operation("gradients/MatMul_grad/MatMul").device());
      assertEquals("/device:CPU:0", g.operation("gradients/Fill").device());
    }
  }

  private static List<String> colocation(Graph g, String op) {
    try {
      return g.operation(op).attributes().getAttrValueProto("_class").getList().getSList()
          .stream().map(com.google.protobuf.ByteString::toStringUtf8).toList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static float[] run(Small s, boolean training) {
    try (Session session = new Session(s.graph());
        Result init = session.runner().addTarget(s.w().initializer()).run();
        TFloat32 x = TFloat32.tensorOf(Shape.of(4, 3), DataBuffers.of(X, true, false));
        TBool t = TBool.scalarOf(training);
        Result r = session.runner().feed(s.x(), x).feed(s.training(), t).fetch(s.dW()).run()) {
      float[] out = new float[6];
      ((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  private static void assertArrayClose(float[] expected, float[] actual, float tol) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol, "element " + i);
    }
  }

  /** {@code NAME OP [inputs, ^control inputs]}, control inputs sorted, as {@code graph} lists. */
  static String listing(GraphOperation op) {
    List<String> in = new ArrayList<>();
    for (int i = 0; i < op.numInputs(); i++) {
      Output<?> o = op.input(i);
      in.add(o.index() == 0 ? o.op().name() : o.op().name() + ":" + o.index());
    }
    op.controlInputs().stream().map(c -> "^" + c.name()).sorted().forEach(in::add);
    return op.name() + " " + op.type() + " [" + String.join(", ", in) + "]";
  }
}
