package hiddenlayer.tf1.gradients;

import hiddenlayer.tf1.CondContext;
import hiddenlayer.tf1.ControlFlowOps;
import hiddenlayer.tf1.Tf1Graph;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.proto.DataType;

/**
 * TF 1.15's {@code python/ops/control_flow_grad.py} for a cond (no while loops): the gradients of
 * {@code Switch} and {@code Merge}, which read the op's {@link CondContext}.
 */
final class ControlFlowGrad {
  private ControlFlowGrad() {}

  static void register(GradientRegistry r) {
    r.register("Switch", ControlFlowGrad::switchGrad);
    r.register("RefSwitch", ControlFlowGrad::switchGrad);
    r.register("Merge", ControlFlowGrad::mergeGrad);
    r.register("RefMerge", ControlFlowGrad::mergeGrad);
  }

  /**
   * {@code _SwitchGrad} in a CondContext: {@code merge(grad, name="cond_grad")[0]} for the data
   * (the walk has put guarded zeros on the output of the branch not taken), nothing for the
   * predicate. Outside any cond: {@code merge([switch(g0, p)[0], switch(g1, p)[1]])[0]}.
   */
  static List<Output<?>> switchGrad(Tf1Graph g, GraphOperation op, List<Output<?>> grads) {
    CondContext ctx = g.scope().condContext(op.name());
    if (ctx != null) {
      Output<?> zeroGrad = grads.get(1 - ctx.branch());
      if (zeroGrad == null) {
        if (g.dtype(op.input(0)) == DataType.DT_RESOURCE) {
          Output<?> grad = grads.get(ctx.branch());
          return Arrays.asList(
              ControlFlowOps.merge(g, List.of(grad, grad), "cond_resource_grad").output(0), null);
        }
        return Arrays.asList(null, null);
      }
      return Arrays.asList(ControlFlowOps.merge(g, grads, "cond_grad").output(0), null);
    }
    Output<?> falseGrad = ControlFlowOps.switchOp(g, grads.get(0), op.input(1), "Switch").output(0);
    Output<?> trueGrad = ControlFlowOps.switchOp(g, grads.get(1), op.input(1), "Switch").output(1);
    Output<?> merged = ControlFlowOps.merge(g, List.of(falseGrad, trueGrad), "Merge").output(0);
    return Arrays.asList(merged, null);
  }

  /**
   * {@code _MergeGrad} in a CondContext (the context of the Merge's first input, {@code
   * GetOutputContext}): {@code _SwitchRefOrTensor(grad, pred, name="cond_grad")}, colocated with
   * the gradient, its false output for the false input, its true output for the true one.
   */
  static List<Output<?>> mergeGrad(Tf1Graph g, GraphOperation op, List<Output<?>> grads) {
    Output<?> grad = grads.get(0);
    CondContext ctx = g.scope().condContext(op.input(0).op().name());
    if (ctx == null) {
      throw new UnsupportedOperationException("Merge outside a cond: " + op.name());
    }
    GraphOperation sw = ControlFlowOps.switchRefOrTensor(g, grad, ctx.pred(), "cond_grad");
    return Arrays.asList(sw.output(0), sw.output(1));
  }
}
