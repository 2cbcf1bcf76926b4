package hiddenlayer.tf1.gradients;

import hiddenlayer.tf1.ArrayOps;
import hiddenlayer.tf1.CondContext;
import hiddenlayer.tf1.ControlFlowOps;
import hiddenlayer.tf1.MathOps;
import hiddenlayer.tf1.TensorUtil;
import hiddenlayer.tf1.Tf1Graph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.proto.DataType;

/**
 * TF 1.15's {@code tf.gradients} ({@code gradients_util._GradientsHelper}), node for node, for
 * graphs without while loops.
 *
 * <p>Under the scope {@code gradients}: the seed {@code Fill(Shape, grad_ys_0)} ({@code
 * _DefaultGradYs}); the ops between the xs and the y with their pending counts ({@code
 * _PendingCount}); then a FIFO walk from y: an op is visited when every consumer on the path has
 * handed it its gradient; several gradients of one tensor are summed with {@code AddN} ({@code
 * _AggregatedGrads}); an output with no gradient gets zeros ({@code
 * control_flow_state.ZerosLikeOutsideLoop}, a guarded Switch inside a cond); the op's gradient
 * function, found by op type in the {@link GradientRegistry}, builds its nodes under {@code OP_grad}; with
 * {@code gate_gradients} (the optimizer's {@code GATE_OP}) the gradients of an op with more than
 * one are passed through {@code control_flow_ops.tuple}: {@code tuple/group_deps} waits for all,
 * each comes out of a {@code tuple/control_dependency} identity.
 */
public final class Gradients {
  /** TF1's registry, filled as {@code gradients_util.py}'s imports of the grad modules fill it. */
  private static final GradientRegistry REGISTRY = new GradientRegistry();

  static {
    MathGrad.register(REGISTRY);
    NnGrad.register(REGISTRY);
    ArrayGrad.register(REGISTRY);
    ControlFlowGrad.register(REGISTRY);
    ResourceVariableGrad.register(REGISTRY);
  }

  private final Tf1Graph g;
  private final Map<GraphOperation, List<List<Output<?>>>> grads = new HashMap<>();
  private final Map<GraphOperation, Output<?>[]> aggregated = new HashMap<>();
  private final Map<GraphOperation, List<Output<?>>> inputs = new HashMap<>();

  private Gradients(Tf1Graph g) {
    this.g = g;
  }

  /**
   * {@code tf.gradients(y, xs, gate_gradients=gateGradients)}: d y / d x for each x (null where
   * y does not depend on x), built in {@code g}, whose name scope is where the {@code
   * gradients} scope is claimed.
   */
  public static List<Output<?>> gradients(Tf1Graph g, Output<?> y, List<Output<?>> xs,
      boolean gateGradients) {
    try (Tf1Graph.Block scope = g.nameScope("gradients")) {
      g.uniqueName("uid");
      return new Gradients(g).walk(y, xs, gateGradients);
    }
  }

  private List<Output<?>> walk(Output<?> y, List<Output<?>> xs, boolean gate) {
    Output<?> gradY = defaultGradY(y);
    GraphOperation toOp = (GraphOperation) y.op();
    Set<GraphOperation> fromOps = new LinkedHashSet<>();
    xs.forEach(x -> fromOps.add((GraphOperation) x.op()));

    // _PendingCount
    Set<GraphOperation> reached = new HashSet<>();
    Deque<GraphOperation> queue = new ArrayDeque<>(fromOps);
    while (!queue.isEmpty()) {
      GraphOperation op = queue.poll();
      if (reached.add(op)) {
        for (int i = 0; i < op.numOutputs(); i++) {
          if (isBackpropagatable(op.output(i))) {
            queue.addAll(op.consumers(i));
          }
        }
      }
    }
    boolean reachable = reached.contains(toOp);
    Set<GraphOperation> between = new HashSet<>();
    queue.add(toOp);
    while (!queue.isEmpty()) {
      GraphOperation op = queue.poll();
      if (reached.remove(op)) {
        between.add(op);
        for (Output<?> in : inputs(op)) {
          queue.add((GraphOperation) in.op());
        }
      }
    }
    // Counts: the order the ops are counted in does not matter.
    Map<GraphOperation, Integer> pending = new HashMap<>();
    for (GraphOperation op : between) {
      for (Output<?> x : inputs(op)) {
        GraphOperation in = (GraphOperation) x.op();
        if (between.contains(in)) {
          pending.merge(in, 1, Integer::sum);
        }
      }
    }

    setGrad(y, gradY);
    if (reachable && pending.getOrDefault(toOp, 0) == 0) {
      queue.add(toOp);
    }
    // _StopOps
    Set<GraphOperation> stopOps = new HashSet<>();
    for (GraphOperation op : fromOps) {
      boolean stop = true;
      for (Output<?> in : inputs(op)) {
        if (pending.getOrDefault((GraphOperation) in.op(), 0) > 0) {
          stop = false;
          break;
        }
      }
      if (stop) {
        stopOps.add(op);
      }
    }

    while (!queue.isEmpty()) {
      GraphOperation op = queue.poll();
      List<Output<?>> outGrads = aggregatedGrads(op);
      boolean hasOutGrads = outGrads.stream().anyMatch(x -> x != null);
      GradientFunction fn = null;
      if (hasOutGrads && !stopOps.contains(op)) {
        fn = REGISTRY.lookup(op.type());
        if (fn == null) {
          throw new IllegalStateException("No gradient defined for operation '" + op.name()
              + "' (op type: " + op.type() + ")");
        }
      }
      List<Output<?>> inGrads = null;
      if (fn != null && fn != GradientRegistry.NOT_DIFFERENTIABLE) {
        for (int i = 0; i < outGrads.size(); i++) {
          if (outGrads.get(i) == null && isTrainable(op.output(i))) {
            outGrads.set(i, zerosLikeOutsideLoop(op, i));
          }
        }
        try (Tf1Graph.Block s = g.nameScope(op.name() + "_grad")) {
          inGrads = new ArrayList<>(fn.apply(g, op, outGrads));
          if (inGrads.size() != op.numInputs()) {
            throw new IllegalStateException("Num gradients " + inGrads.size()
                + " generated for op " + op.name() + " do not match num inputs "
                + op.numInputs());
          }
          if (gate && inGrads.stream().filter(x -> x != null).count() > 1) {
            // with ops.device(None), _colocate_with_for_gradient(None, ignore_existing=True)
            try (Tf1Graph.Block d = g.withoutDevice();
                Tf1Graph.Block c = g.colocateWith(null, true)) {
              inGrads = ControlFlowOps.tuple(g, inGrads);
            }
          }
        }
      }
      List<Output<?>> opInputs = inputs(op);
      for (int i = 0; i < opInputs.size(); i++) {
        Output<?> inGrad = inGrads == null ? null : inGrads.get(i);
        if (inGrad != null) {
          Output<?> tIn = opInputs.get(i);
          if (g.dtype(tIn) != DataType.DT_RESOURCE) {
            g.setShape(inGrad, g.shapeTuple(tIn));
          }
          setGrad(tIn, inGrad);
        }
      }
      // _UpdatePendingAndEnqueueReady
      for (Output<?> x : opInputs) {
        GraphOperation in = (GraphOperation) x.op();
        int left = pending.merge(in, -1, Integer::sum);
        if (left == 0) {
          queue.add(in);
        }
      }
    }
    List<Output<?>> result = new ArrayList<>();
    for (Output<?> x : xs) {
      Output<?>[] g = aggregated.get((GraphOperation) x.op());
      result.add(g == null ? null : g[x.index()]);
    }
    return result;
  }

  /** {@code op.inputs}, read from the graph once per op. */
  private List<Output<?>> inputs(GraphOperation op) {
    return inputs.computeIfAbsent(op, o -> {
      List<Output<?>> l = new ArrayList<>(o.numInputs());
      for (int i = 0; i < o.numInputs(); i++) {
        l.add(o.input(i));
      }
      return l;
    });
  }

  /** {@code _DefaultGradYs}: {@code Fill(shape(y), constant(1, name="grad_ys_0"))}. */
  private Output<?> defaultGradY(Output<?> y) {
    Output<?> shape = ArrayOps.shape(g, y);
    Output<?> one = g.constant(TensorUtil.scalar(g.baseType(y), 1), "grad_ys_0");
    return ArrayOps.fill(g, shape, one);
  }

  /** {@code _SetGrad}. */
  private void setGrad(Output<?> t, Output<?> grad) {
    GraphOperation op = (GraphOperation) t.op();
    List<List<Output<?>>> opGrads = grads.computeIfAbsent(op, o -> {
      List<List<Output<?>>> l = new ArrayList<>();
      for (int i = 0; i < o.numOutputs(); i++) {
        l.add(new ArrayList<>());
      }
      return l;
    });
    opGrads.get(t.index()).add(grad);
  }

  /** {@code _AggregatedGrads}, {@code AggregationMethod.ADD_N}: AddN under {@code gradients}. */
  private List<Output<?>> aggregatedGrads(GraphOperation op) {
    List<List<Output<?>>> opGrads = grads.get(op);
    Output<?>[] out = new Output<?>[op.numOutputs()];
    for (int i = 0; i < out.length; i++) {
      List<Output<?>> each = opGrads == null ? List.of() : opGrads.get(i);
      if (each.size() == 1) {
        out[i] = each.get(0);
      } else if (each.size() > 1) {
        out[i] = MathOps.addN(g, each);
      }
    }
    aggregated.put(op, out);
    return new ArrayList<>(Arrays.asList(out));
  }

  /**
   * {@code control_flow_state.ZerosLikeOutsideLoop(op, index)}: outside a cond {@code
   * zeros_like}; for a Switch inside a cond, zeros that exist only when the branch not taken
   * would have run: {@code Switch(op.inputs[0], pred)[1 - branch]}, its {@code Identity} as
   * pivot, and {@code zeros(shape)} under a control dependency on it.
   */
  private Output<?> zerosLikeOutsideLoop(GraphOperation op, int index) {
    Output<?> val = op.output(index);
    if (g.dtype(val) == DataType.DT_RESOURCE) {
      // TF1 builds zeros(variable_shape(val)) here, in or outside a cond.
      throw new UnsupportedOperationException("zeros for a resource output " + val.name());
    }
    boolean isSwitch = op.type().equals("Switch") || op.type().equals("RefSwitch");
    CondContext ctx = isSwitch ? g.scope().condContext(op.name()) : null;
    if (ctx == null) {
      return ArrayOps.zerosLike(g, val);
    }
    Output<?> switchVal =
        ControlFlowOps.switchOp(g, op.input(0), ctx.pred(), "Switch").output(1 - ctx.branch());
    Output<?> pivot = ArrayOps.identity(g, switchVal, "Identity");
    Output<?> zerosShape = ArrayOps.shapeInternal(g, switchVal, false);
    try (Tf1Graph.Block c = g.controlDependencies(List.of(pivot.op()))) {
      return ArrayOps.zeros(g, zerosShape, g.baseType(val));
    }
  }

  /** {@code gradients_util.IsTrainable}: float, complex, resource and variant tensors. */
  private boolean isTrainable(Output<?> t) {
    return switch (g.baseType(t)) {
      case DT_HALF, DT_FLOAT, DT_DOUBLE, DT_COMPLEX64, DT_COMPLEX128, DT_RESOURCE, DT_VARIANT ->
          true;
      default -> false;
    };
  }

  /** {@code gradients_util._IsBackpropagatable}: trainable or bfloat16. */
  private boolean isBackpropagatable(Output<?> t) {
    return isTrainable(t) || g.baseType(t) == DataType.DT_BFLOAT16;
  }
}
