package hiddenlayer.tf1.gradients;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;

/**
 * Gradients of {@code Switch} and {@code Merge}, which TensorFlow's C++ gradient registry lacks,
 * written after TF1's Python ones for a cond ({@code control_flow_grad.py}).
 *
 * <ul>
 *   <li>{@code Merge(false_in, true_in)}: {@code Switch(grad, pred)}; its false output flows to
 *       the false input, its true output to the true input.
 *   <li>{@code Switch(data, pred)}: {@code Merge([grad_false, grad_true])} output 0 for data (the
 *       branch not taken carries a dead gradient), zeros for pred (TF1 gives None).
 * </ul>
 *
 * <p>Registration is per JVM and cannot be undone, so it happens once, here.
 */
public final class ControlFlowGradients {
  private static boolean registered;

  private ControlFlowGradients() {}

  /** Registers both gradients; later calls do nothing. */
  public static synchronized void register() {
    if (registered) {
      return;
    }
    TensorFlow.registerCustomGradient("Merge", ControlFlowGradients::mergeGrad);
    TensorFlow.registerCustomGradient("Switch", ControlFlowGradients::switchGrad);
    registered = true;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Operand<?>> mergeGrad(Ops tf, GraphOperation merge, List<Output<?>> grads) {
    Output<TBool> pred = condPredicate(merge);
    var sw = tf.switchCond((Operand) grads.get(0), pred);
    List<Operand<?>> result = new ArrayList<>();
    result.add(sw.outputFalse());
    result.add(sw.outputTrue());
    return result;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Operand<?>> switchGrad(Ops tf, GraphOperation sw, List<Output<?>> grads) {
    List<Operand<?>> branches = new ArrayList<>();
    branches.add(grads.get(0));
    branches.add(grads.get(1));
    List<Operand<?>> result = new ArrayList<>();
    result.add(tf.merge((Iterable) branches).output());
    result.add(tf.zerosLike(sw.input(1)));
    return result;
  }

  /**
   * The predicate of the cond a Merge closes: TF1 reads it from the cond context; here it is
   * found by walking back from the Merge's first input, through the branch's ops' first inputs
   * (a {@code ReadVariableOp}), to the Switch that brought a value into the branch.
   */
  @SuppressWarnings("unchecked")
  private static Output<TBool> condPredicate(GraphOperation merge) {
    GraphOperation op = (GraphOperation) merge.input(0).op();
    while (!op.type().equals("Switch") && !op.type().equals("RefSwitch")) {
      if (op.numInputs() < 1) {
        throw new IllegalStateException("no Switch behind Merge " + merge.name());
      }
      op = (GraphOperation) op.input(0).op();
    }
    return (Output<TBool>) op.input(1);
  }
}
