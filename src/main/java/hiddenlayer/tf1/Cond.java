package hiddenlayer.tf1;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.internal.c_api.TF_Input;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Identity;
import org.tensorflow.op.core.Merge;
import org.tensorflow.op.core.RefSwitch;
import org.tensorflow.op.core.SwitchCond;
import org.tensorflow.proto.CondContextDef;
import org.tensorflow.proto.ValuesDef;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TType;

/**
 * TF 1.15's {@code tf.cond(pred, true_fn, false_fn)}, control flow v1 ({@code
 * control_flow_ops.py}: {@code cond}, {@code CondContext}, {@code BuildCondBranch}, {@code
 * AddValue}, {@code _AddOpInternal}, {@code _ProcessOutputTensor}, {@code _SwitchRefOrTensor}).
 *
 * <p>Under a {@code cond} name scope: {@code Switch(pred, pred)}, its {@code switch_t} and {@code
 * switch_f} pivots and {@code pred_id}. Then each branch in its own context, the true one first:
 * <ul>
 *   <li>an op built in a branch that reads an outside tensor gets it through {@code
 *       Switch(value, pred_id)}, named under the op ({@code OP/Switch}) and created after it (TF1
 *       rewires the op's input, {@code op._update_input}); one Switch per outside tensor per
 *       branch, reused by later ops;
 *   <li>an op without inputs gets the pivot as a control input;
 *   <li>a branch result is used as it is ({@code BuildCondBranch} of 1.15 adds no Identity); a
 *       result from outside the branch ({@code lambda: x}) becomes a {@code Switch} in the cond's
 *       scope.
 * </ul>
 * {@code Merge([false_result, true_result])} joins them. Nested conds are not supported.
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

  /** One side of the cond, TF1's {@code CondContext(pred, pivot, branch)}. */
  public final class Branch {
    private final String name;
    private final boolean branch;
    private final Tf1Scope branchScope;
    private final Set<String> values = new HashSet<>();
    private final Map<String, Output<?>> externalValues = new HashMap<>();

    private Branch(boolean branch) {
      // CondContext.__init__: self._name = ops.get_default_graph().unique_name("cond_text")
      this.name = scope.makeUnique("cond_text");
      this.branch = branch;
      this.branchScope = scope.withCondContext(
          new CondContext(predId, branch ? 1 : 0));
      values.add(predId.name());
      externalValues.put(predId.name(), predId);
      values.add(pivot().name());
    }

    /**
     * {@code CondContext.to_proto()} ({@code ops/control_flow_ops.py} of TF 1.15, lines
     * 894-919): the context's name ({@code cond/cond_text}, {@code cond/cond_text_1}), {@code
     * pred_id:0}, the pivot ({@code switch_t:0} or {@code switch_f:0}), the branch, and {@code
     * _to_values_def} (lines 706-721): the values in sorted order and the external values, each
     * outside tensor's name mapped to the tensor that stands for it in the branch. No nested
     * contexts: nested conds are not built.
     */
    public CondContextDef toProto() {
      ValuesDef.Builder v = ValuesDef.newBuilder().addAllValues(new TreeSet<>(values));
      externalValues.forEach((k, real) -> v.putExternalValues(k, real.name()));
      return CondContextDef.newBuilder()
          .setContextName(name)
          .setPredName(predId.name())
          .setPivotName(pivot().name())
          .setBranch(branch ? 1 : 0)
          .setValuesDef(v)
          .build();
    }

    /** The scope a branch builds its ops in (the cond's name scope, in the branch's context). */
    public Tf1Scope scope() {
      return branchScope;
    }

    /** The alive-in-this-branch pivot ({@code switch_t} or {@code switch_f}). */
    private Output<TBool> pivot() {
      return branch ? pivotTrue : pivotFalse;
    }

    /**
     * A scope for an op without inputs inside the branch: {@code _AddOpInternal} gives it the
     * pivot as a control input, so it is dead with the branch.
     */
    public Tf1Scope withoutInputs(Tf1Scope s) {
      return s.withControlDependencyOps(List.of(pivot().op()));
    }

    /**
     * {@code CondContext._AddOpInternal(op)}, for an op just built in this branch: each outside
     * input is replaced by its Switch ({@link #addValue}); the op's outputs join the branch.
     */
    public <O extends Op> O add(O built) {
      GraphOperation op = (GraphOperation) built.op();
      if (op.numInputs() == 0 && !op.controlInputs().contains((GraphOperation) pivot().op())) {
        throw new IllegalStateException(op.name() + " has no inputs: build it withoutInputs()");
      }
      for (int i = 0; i < op.numInputs(); i++) {
        Output<?> x = op.input(i);
        Output<?> real = addValue(x, branchScope.withAbsoluteScope(op.name()));
        if (!real.equals(x)) {
          updateInput(op, i, real);
        }
      }
      for (int i = 0; i < op.numOutputs(); i++) {
        values.add(op.output(i).name());
      }
      return built;
    }

    /**
     * {@code CondContext.AddValue(val)}: an outside tensor enters the branch once, through
     * {@code _SwitchRefOrTensor(val, pred_id)[branch]} named {@code Switch} in {@code at} (the
     * name scope of the op being added).
     */
    private Output<?> addValue(Output<?> val, Tf1Scope at) {
      if (values.contains(val.name())) {
        Output<?> external = externalValues.get(val.name());
        return external != null ? external : val;
      }
      values.add(val.name());
      Output<?> result = switchRefOrTensor(at, val);
      values.add(result.name());
      externalValues.put(val.name(), result);
      return result;
    }

    /**
     * {@code CondContext._ProcessOutputTensor(val)}: a result built in the branch is used as it
     * is; one from outside ({@code lambda: x}) gets a Switch in the cond's scope.
     */
    @SuppressWarnings("unchecked")
    private <T extends TType> Output<T> processOutputTensor(Operand<T> result) {
      Output<T> val = result.asOutput();
      if (!values.contains(val.name())) {
        values.add(val.name());
        Output<T> real = (Output<T>) switchRefOrTensor(branchScope, val);
        // The Switch is built inside the context (no control_dependencies(None) here, unlike
        // AddValue): _AddOpInternal marks both its outputs as values of the branch.
        GraphOperation sw = (GraphOperation) real.op();
        for (int i = 0; i < sw.numOutputs(); i++) {
          values.add(sw.output(i).name());
        }
        externalValues.put(val.name(), real);
        return real;
      }
      Output<?> external = externalValues.get(val.name());
      return external != null ? (Output<T>) external : val;
    }

    /** {@code _SwitchRefOrTensor}: {@code RefSwitch} for a ref tensor, else {@code Switch}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Output<?> switchRefOrTensor(Tf1Scope at, Output<?> data) {
      if (Tf1Graph.isRef(data.dataType())) {
        RefSwitch s = RefSwitch.create(at.withName("Switch"), (Operand) data, predId);
        return branch ? s.outputTrue() : s.outputFalse();
      }
      SwitchCond s = SwitchCond.create(at.withName("Switch"), (Operand) data, predId);
      return branch ? s.outputTrue() : s.outputFalse();
    }
  }

  /**
   * Builds {@code tf.cond(pred, trueFn, falseFn)} under {@code parent} and returns its {@code
   * Merge}. Each function builds its branch in the {@link Branch} it is given (passing every op
   * it builds to {@link Branch#add}) and returns the branch's result; the true branch is built
   * first, as TF1 does.
   */
  public static <T extends TType> Merge<T> cond(Tf1Scope parent, Operand<TBool> pred,
      Function<Cond.Branch, Operand<T>> trueFn, Function<Cond.Branch, Operand<T>> falseFn) {
    Cond cond = new Cond(parent, pred);
    Branch t = cond.new Branch(true);
    Output<T> resultTrue = t.processOutputTensor(trueFn.apply(t));
    Branch f = cond.new Branch(false);
    Output<T> resultFalse = f.processOutputTensor(falseFn.apply(f));
    Merge<T> merge =
        Merge.create(cond.scope.withName("Merge"), List.of(resultFalse, resultTrue));
    // "Only add non-nested conds to the collection" (control_flow_ops.py lines 1281-1285).
    parent.collections().add(GraphCollections.COND_CONTEXT, t);
    parent.collections().add(GraphCollections.COND_CONTEXT, f);
    return merge;
  }

  /**
   * {@code op._update_input(index, tensor)}: rewires an existing op's input, as TF1's Python does
   * through the C API ({@code TF_UpdateEdge}), on the graph's {@link NativeGraph} handle.
   */
  private static void updateInput(GraphOperation op, int index, Output<?> source) {
    GraphOperation src = (GraphOperation) source.op();
    try (TF_Status status = TF_Status.newStatus();
        TF_Output out = new TF_Output().oper(src.getUnsafeNativeHandle()).index(source.index());
        TF_Input in = new TF_Input().oper(op.getUnsafeNativeHandle()).index(index)) {
      tensorflow.TF_UpdateEdge(NativeGraph.handle(op.env()), out, in, status);
      status.throwExceptionIfNotOK();
    }
  }
}
