package hiddenlayer.tf1;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operation;
import org.tensorflow.Output;

/**
 * TF 1.15's {@code ops/control_flow_ops.py} apart from {@code cond} ({@link Cond}): switch, merge,
 * {@code tuple} and {@code with_dependencies}, each building in a {@link Tf1Graph} what its Python
 * twin builds.
 */
public final class ControlFlowOps {
  private ControlFlowOps() {}

  /** {@code control_flow_ops.switch(data, pred)}: a Switch named {@code name} (refs too). */
  public static GraphOperation switchOp(Tf1Graph g, Output<?> data, Output<?> pred,
      String name) {
    return g.op("Switch").name(name).input(data).input(pred).build();
  }

  /**
   * {@code control_flow_ops._SwitchRefOrTensor(data, pred, name)}: a RefSwitch for a ref, else a
   * Switch, colocated with data.
   */
  public static GraphOperation switchRefOrTensor(Tf1Graph g, Output<?> data, Output<?> pred,
      String name) {
    String type = g.isRef(data) ? "RefSwitch" : "Switch";
    try (Tf1Graph.Block c = g.colocateWith(data.op(), true)) {
      return g.op(type).name(name).input(data).input(pred).build();
    }
  }

  /** {@code control_flow_ops.merge(inputs)}: a Merge named {@code name}. */
  public static GraphOperation merge(Tf1Graph g, List<Output<?>> inputs, String name) {
    return g.op("Merge").name(name).inputList(inputs).build();
  }

  /**
   * {@code control_flow_ops.tuple(tensors)}: scope {@code tuple}; {@code group_deps}, a NoOp
   * waiting for the ops of all tensors (in creation order); each tensor through {@code
   * with_dependencies([group_deps], t)}, an {@code Identity} named {@code control_dependency}
   * colocated with t and waiting for the NoOp. Nulls stay null.
   */
  public static List<Output<?>> tuple(Tf1Graph g, List<Output<?>> tensors) {
    try (Tf1Graph.Block scope = g.nameScope("tuple")) {
      Set<Operation> unique = new LinkedHashSet<>();
      tensors.stream().filter(t -> t != null).forEach(t -> unique.add(t.op()));
      List<Operation> gating = g.inCreationOrder(unique);
      GraphOperation gate;
      try (Tf1Graph.Block n = g.nameScope("group_deps");
          Tf1Graph.Block c = g.controlDependencies(gating)) {
        gate = g.op("NoOp").scopeName().build();
      }
      List<Output<?>> tpl = new ArrayList<>();
      for (Output<?> t : tensors) {
        tpl.add(t == null ? null : withDependencies(g, List.of(gate), t));
      }
      return tpl;
    }
  }

  /** {@code control_flow_ops.with_dependencies(deps, t)}: {@code control_dependency} identity. */
  public static Output<?> withDependencies(Tf1Graph g, List<Operation> deps, Output<?> t) {
    try (Tf1Graph.Block s = g.nameScope("control_dependency");
        Tf1Graph.Block c = g.colocateWith(t.op(), false);
        Tf1Graph.Block d = g.controlDependencies(deps)) {
      String type = g.isRef(t) ? "RefIdentity" : "Identity";
      return g.op(type).scopeName().input(t).build().output(0);
    }
  }
}
