package hiddenlayer.tf1;

import java.util.List;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.core.Identity;
import org.tensorflow.op.core.Merge;
import org.tensorflow.op.core.RefSwitch;
import org.tensorflow.op.core.SwitchCond;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TType;

/**
 * TF1's {@code tf.cond(pred, true_fn, false_fn)}, control flow v1, op for op.
 *
 * <p>Under a {@code cond} name scope: {@code Switch(pred, pred)} with its {@code switch_t} and
 * {@code switch_f} pivots and {@code pred_id}; every tensor a branch uses from outside enters
 * through its own {@code Switch(value, pred_id)}, taking output 1 in the true branch and 0 in
 * the false one; each branch result passes an {@code Identity}; {@code Merge([false, true])}
 * joins them. Only the branch whose Switch outputs are alive runs: the other is dead.
 */
public final class Cond {
  private final Tf1Scope scope;
  private final Output<TBool> predId;
  private final Output<TBool> pivotTrue;
  private final Output<TBool> pivotFalse;

  private Cond(Tf1Scope parent, Operand<TBool> pred) {
    scope = parent.withSubScope("cond");
    SwitchCond<TBool> predSwitch = SwitchCond.create(scope.withName("Switch"), pred, pred);
    pivotTrue = Identity.create(scope.withName("switch_t"), predSwitch.outputTrue()).output();
    pivotFalse = Identity.create(scope.withName("switch_f"), predSwitch.outputFalse()).output();
    predId = Identity.create(scope.withName("pred_id"), pred).output();
  }

  /** One side of the cond: where its ops are named and how outside tensors enter it. */
  public final class Branch {
    private final boolean branch;
    private final Tf1Scope branchScope;

    private Branch(boolean branch) {
      this.branch = branch;
      this.branchScope = scope.withCondContext(
          new CondContext(predId, branch ? pivotTrue : pivotFalse, branch ? 1 : 0));
    }

    /** The scope a branch builds its ops in (the cond's name scope, in the branch's context). */
    public Tf1Scope scope() {
      return branchScope;
    }

    /** The alive-in-this-branch pivot, for ops inside the branch that have no inputs. */
    public Output<TBool> pivot() {
      return branch ? pivotTrue : pivotFalse;
    }

    /** An outside tensor as seen inside this branch: {@code Switch(value, pred_id)[branch]}. */
    public <T extends TType> Output<T> capture(Operand<T> external) {
      SwitchCond<T> s = SwitchCond.create(branchScope.withName("Switch"), external, predId);
      return branch ? s.outputTrue() : s.outputFalse();
    }

    /** A variable (a ref) as seen inside this branch, for in-place ops such as AssignSub. */
    public <T extends TType> Output<T> captureRef(Operand<T> variableRef) {
      RefSwitch<T> s = RefSwitch.create(branchScope.withName("Switch"), variableRef, predId);
      return branch ? s.outputTrue() : s.outputFalse();
    }
  }

  /**
   * Builds {@code tf.cond(pred, trueFn, falseFn)} under {@code parent}; the result is the
   * Merge's output. The true branch is built first, as TF1 does.
   */
  public static <T extends TType> Merge<T> cond(Tf1Scope parent, Operand<TBool> pred,
      Function<Cond.Branch, Operand<T>> trueFn, Function<Cond.Branch, Operand<T>> falseFn) {
    Cond cond = new Cond(parent, pred);
    Output<T> resultTrue = cond.result(cond.new Branch(true), trueFn);
    Output<T> resultFalse = cond.result(cond.new Branch(false), falseFn);
    return Merge.create(cond.scope.withName("Merge"), List.of(resultFalse, resultTrue));
  }

  private <T extends TType> Output<T> result(Branch branch, Function<Branch, Operand<T>> fn) {
    // BuildCondBranch wraps every branch result in an identity inside the branch.
    return Identity.create(branch.scope().withName("Identity"), fn.apply(branch)).output();
  }
}
