package hiddenlayer.tf1.train;

import hiddenlayer.tf1.InitOps;
import hiddenlayer.tf1.Operators;
import hiddenlayer.tf1.RefVariable;
import hiddenlayer.tf1.ResourceVariable;
import hiddenlayer.tf1.Tf1Graph;
import hiddenlayer.tf1.Tf1Scope;
import hiddenlayer.tf1.Tf1Variable;
import hiddenlayer.tf1.gradients.ControlFlowGradients;
import hiddenlayer.tf1.gradients.GradientBuilder;
import hiddenlayer.tf1.gradients.Gradients;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Identity;
import org.tensorflow.op.core.NoOp;
import org.tensorflow.op.math.AddN;
import org.tensorflow.op.train.ApplyAdam;
import org.tensorflow.op.train.ResourceApplyAdam;
import org.tensorflow.types.TFloat32;

/**
 * {@code tf.train.AdamOptimizer(lr).minimize(loss)} as TF 1.15 builds it ({@code
 * training/optimizer.py} {@code minimize}, {@code apply_gradients}; {@code training/adam.py};
 * {@code training/slot_creator.py}), including the ordering TF1 guarantees and TensorFlow Java's
 * own {@code Adam} does not.
 *
 * <p>Per trainable variable {@code ApplyAdam} (a ref variable) or {@code ResourceApplyAdam} (a
 * resource variable, whose slots are resource variables too): {@code alpha =
 * lr*sqrt(1-beta2^t)/(1-beta1^t)}, {@code m += (g-m)*(1-beta1)}, {@code v += (g*g-v)*(1-beta2)},
 * {@code var -= alpha*m/(sqrt(v)+eps)}. The accumulators {@code beta1_power} and {@code
 * beta2_power} (of the kind of the variable whose name sorts first) start at beta1 and beta2 and
 * are multiplied only after every apply ({@code _finish}). Every apply waits for every gradient,
 * so no variable moves while the backward pass may still read it.
 *
 * <p>{@code compute_gradients} with {@link GradientBuilder#TF1} is TF1's own: {@code
 * tf.gradients(loss, [p.target() ...], gate_gradients=True)} ({@code GATE_OP}, the default; a ref
 * variable's ref, a resource variable's handle), built by {@link Gradients}, whose per-op {@code
 * tuple}s keep every variable from moving while the gradient function that reads it still runs.
 * With {@link GradientBuilder#REGISTRY} the C API builds them, ungated, so every apply waits for
 * every gradient ({@code gradients/gate}).
 */
public final class AdamOptimizer {
  public static final float BETA1 = 0.9f;
  public static final float BETA2 = 0.999f;
  public static final float EPSILON = 1e-8f;

  private AdamOptimizer() {}

  /**
   * What minimize built: the train op, the gradients it applies (in var-list order), and the
   * variables it created (the beta powers, then each variable's {@code m} and {@code v} slots).
   */
  public record Minimized(NoOp trainOp, List<Output<TFloat32>> gradients,
      List<Tf1Variable> variables) {}

  /**
   * Builds gradients and updates under {@code controlDependencies} (cell 4's {@code
   * with tf.control_dependencies(extra_ops)}); returns the {@code Adam} NoOp. {@code root} must
   * carry no control dependencies.
   */
  public static Minimized minimize(Tf1Scope root, Graph graph, Operand<TFloat32> loss,
      List<Tf1Variable> varList, float learningRate, List<Operation> controlDependencies,
      GradientBuilder builder) {
    List<Output<TFloat32>> grads = builder == GradientBuilder.TF1
        ? tf1Gradients(root, graph, loss, varList, controlDependencies)
        : registryGradients(root, graph, loss, varList, controlDependencies);

    // apply_gradients: _create_slots in init_scope (no control dependencies), beta powers first.
    Tf1Variable firstVar = varList.stream()
        .min(Comparator.comparing((Tf1Variable v) -> v.name() + ":0")).orElseThrow();
    Tf1Variable beta1Power = nonSlotVariable(root, "beta1_power", BETA1, firstVar);
    Tf1Variable beta2Power = nonSlotVariable(root, "beta2_power", BETA2, firstVar);
    List<Tf1Variable> created = new ArrayList<>(List.of(beta1Power, beta2Power));
    List<Tf1Variable[]> mv = new ArrayList<>();
    for (Tf1Variable v : varList) {
      Tf1Variable m = zerosSlot(root, v, "Adam");
      Tf1Variable s = zerosSlot(root, v, "Adam"); // the second "Adam" scope: Adam_1
      mv.add(new Tf1Variable[] {m, s});
      created.add(m);
      created.add(s);
    }

    // _prepare, inside `with ops.name_scope(name, "Adam")` and under the caller's control
    // dependencies: the constants have no inputs, so they wait for controlDependencies.
    Tf1Scope adam = root.withSubScope("Adam");
    Tf1Scope prepare = adam.withControlDependencyOps(controlDependencies);
    Constant<TFloat32> lr = Constant.scalarOf(prepare.withName("learning_rate"), learningRate);
    Constant<TFloat32> beta1 = Constant.scalarOf(prepare.withName("beta1"), BETA1);
    Constant<TFloat32> beta2 = Constant.scalarOf(prepare.withName("beta2"), BETA2);
    Constant<TFloat32> epsilon = Constant.scalarOf(prepare.withName("epsilon"), EPSILON);

    // The applies read learning_rate, made under the same control dependencies: TF1 leaves
    // them out as dominated (ops.Graph._control_dependencies_for_inputs).
    List<Operation> applies = new ArrayList<>();
    for (int i = 0; i < varList.size(); i++) {
      Tf1Variable v = varList.get(i);
      Tf1Scope update = adam.withSubScope("update_" + v.name());
      Tf1Variable m = mv.get(i)[0];
      Tf1Variable s = mv.get(i)[1];
      if (v instanceof ResourceVariable rv) {
        applies.add(ResourceApplyAdam.create(update.withName("ResourceApplyAdam"), rv.handle(),
            ((ResourceVariable) m).handle(), ((ResourceVariable) s).handle(),
            beta1Power.value(update), beta2Power.value(update), lr, beta1, beta2, epsilon,
            grads.get(i)).op());
      } else {
        applies.add(ApplyAdam.create(update.withName("ApplyAdam"), ((RefVariable) v).variable(),
            ((RefVariable) m).variable(), ((RefVariable) s).variable(), beta1Power.value(update),
            beta2Power.value(update), lr, beta1, beta2, epsilon, grads.get(i)).op());
      }
    }

    // _finish: under control_dependencies(update_ops), power * beta; the Assign reads that mul,
    // made under the same dependencies, so it gets none of its own. group(name="Adam").
    Tf1Scope finish = adam.withControlDependencyOps(applies);
    List<Operation> all = new ArrayList<>(applies);
    all.add(updatePower(adam, finish, beta1Power, beta1));
    all.add(updatePower(adam, finish, beta2Power, beta2));
    all.addAll(controlDependencies);
    NoOp trainOp = NoOp.create(adam.exact().withControlDependencyOps(all));
    return new Minimized(trainOp, grads, created);
  }

  /** {@code compute_gradients(loss, var_list, gate_gradients=GATE_OP)}, TF1's builder. */
  @SuppressWarnings("unchecked")
  private static List<Output<TFloat32>> tf1Gradients(Tf1Scope root, Graph graph,
      Operand<TFloat32> loss, List<Tf1Variable> varList, List<Operation> controlDependencies) {
    Tf1Graph g = new Tf1Graph(graph, root);
    List<Output<?>> xs = new ArrayList<>();
    varList.forEach(v -> xs.add(v.target()));
    List<Output<?>> dys;
    try (Tf1Graph.Block c = g.controlDependencies(controlDependencies)) {
      dys = Gradients.gradients(g, loss.asOutput(), xs, true);
    }
    List<Output<TFloat32>> grads = new ArrayList<>();
    dys.forEach(dy -> grads.add((Output<TFloat32>) dy));
    return grads;
  }

  /**
   * {@code compute_gradients} by the C API's registry: d loss / d var through each variable's
   * reads (summed when there are several), each gated on every gradient under {@code
   * gradients/gate}.
   */
  @SuppressWarnings("unchecked")
  private static List<Output<TFloat32>> registryGradients(Tf1Scope root, Graph graph,
      Operand<TFloat32> loss, List<Tf1Variable> varList, List<Operation> controlDependencies) {
    String prefix = root.makeUnique("gradients");
    List<Output<?>> xs = new ArrayList<>();
    for (Tf1Variable v : varList) {
      if (v.gradientTargets().isEmpty()) {
        throw new IllegalStateException("variable " + v.name() + " is never read");
      }
      xs.addAll(v.gradientTargets());
    }
    ControlFlowGradients.register(); // the C++ registry has no Switch and Merge gradients
    Output<?>[] dys = graph.addGradients(prefix, new Output<?>[] {loss.asOutput()},
        xs.toArray(Output<?>[]::new), null);
    List<Operation> gate = new ArrayList<>(controlDependencies);
    for (Output<?> dy : dys) {
      gate.add(dy.op());
    }
    Tf1Scope grad = root.withAbsoluteScope(prefix);
    Tf1Scope gated = root.withAbsoluteScope(prefix + "/gate").withControlDependencyOps(gate);
    List<Output<TFloat32>> grads = new ArrayList<>();
    int k = 0;
    for (Tf1Variable v : varList) {
      int n = v.gradientTargets().size();
      List<Operand<TFloat32>> parts = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        parts.add((Output<TFloat32>) dys[k++]);
      }
      Operand<TFloat32> sum = n == 1 ? parts.get(0) : AddN.create(grad.withName("AddN"), parts);
      grads.add(Identity.create(gated.withName("Identity"), sum).output());
    }
    return grads;
  }

  private static Operation updatePower(Tf1Scope adam, Tf1Scope finish, Tf1Variable power,
      Operand<TFloat32> beta) {
    if (!(power instanceof RefVariable ref)) {
      throw new UnsupportedOperationException("resource beta powers are not built");
    }
    Operand<TFloat32> mul = Operators.mul(finish, power.value(finish), beta);
    return Assign.create(adam.withName("Assign"), ref.variable(), mul).op();
  }

  /**
   * {@code _create_non_slot_variable(initial_value, name, colocate_with=first_var)}: {@code
   * variable_scope.variable(beta, name)}, a resource variable when {@code first_var} is one.
   */
  private static Tf1Variable nonSlotVariable(Tf1Scope root, String name, float initial,
      Tf1Variable firstVar) {
    Function<Tf1Scope, Operand<TFloat32>> init =
        s -> Constant.scalarOf(s.withName("initial_value"), initial);
    return firstVar instanceof ResourceVariable
        ? ResourceVariable.create(root, name, false, s -> init.apply(s.withSubScope("Initializer")))
        : RefVariable.create(root, name, false, init);
  }

  /**
   * {@code slot_creator.create_zeros_slot(var, "Adam")}: a non-trainable {@code VAR/Adam} of the
   * variable's kind and shape, {@code zeros_initializer()} ({@link InitOps#initializer}).
   */
  private static Tf1Variable zerosSlot(Tf1Scope root, Tf1Variable var, String slotName) {
    Function<Tf1Scope, Operand<TFloat32>> init = s -> InitOps.initializer(s, var.shape(), 0f);
    String name = var.name() + "/" + slotName;
    return var instanceof ResourceVariable
        ? ResourceVariable.create(root, name, false, init)
        : RefVariable.create(root, name, false, init);
  }
}
