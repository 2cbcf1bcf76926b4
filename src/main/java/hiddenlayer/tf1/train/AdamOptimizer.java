package hiddenlayer.tf1.train;

import hiddenlayer.tf1.InitOps;
import hiddenlayer.tf1.Operators;
import hiddenlayer.tf1.RefVariable;
import hiddenlayer.tf1.ResourceVariable;
import hiddenlayer.tf1.Tf1Graph;
import hiddenlayer.tf1.GraphCollections;
import hiddenlayer.tf1.Tf1Scope;
import hiddenlayer.tf1.Tf1Variable;
import hiddenlayer.tf1.gradients.ControlFlowGradients;
import hiddenlayer.tf1.gradients.GradientBuilder;
import hiddenlayer.tf1.gradients.Gradients;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@code tf.train.AdamOptimizer(lr).minimize(loss)} as TF 1.15 builds it, phase by phase ({@code
 * training/optimizer.py}: {@code minimize} = {@code compute_gradients} + {@code
 * apply_gradients}, which is {@code _create_slots}, {@code _prepare}, {@code _apply_dense} or
 * {@code _resource_apply_dense} per variable, {@code _finish}; {@code training/adam.py}; {@code
 * training/slot_creator.py}), including the ordering TF1 guarantees and TensorFlow Java's own
 * {@code Adam} does not.
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
  /** {@code AdamOptimizer.__init__}'s default {@code beta1}. */
  public static final float BETA1 = 0.9f;
  /** {@code AdamOptimizer.__init__}'s default {@code beta2}. */
  public static final float BETA2 = 0.999f;
  /** {@code AdamOptimizer.__init__}'s default {@code epsilon}. */
  public static final float EPSILON = 1e-8f;
  /** {@code AdamOptimizer.__init__}'s default {@code name}: the scope of its ops and slots. */
  private static final String NAME = "Adam";

  private final float learningRate;
  private final float beta1;
  private final float beta2;
  private final float epsilon;

  // _create_slots
  private Tf1Variable beta1Power;
  private Tf1Variable beta2Power;
  private final Map<Tf1Variable, Tf1Variable> m = new LinkedHashMap<>();
  private final Map<Tf1Variable, Tf1Variable> v = new LinkedHashMap<>();
  // _prepare
  private Operand<TFloat32> lrT;
  private Operand<TFloat32> beta1T;
  private Operand<TFloat32> beta2T;
  private Operand<TFloat32> epsilonT;

  /** {@code tf.train.AdamOptimizer(learning_rate)}, with TF1's other defaults. */
  public AdamOptimizer(float learningRate) {
    this(learningRate, BETA1, BETA2, EPSILON);
  }

  /** {@code tf.train.AdamOptimizer(learning_rate, beta1, beta2, epsilon)}. */
  public AdamOptimizer(float learningRate, float beta1, float beta2, float epsilon) {
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  /**
   * What minimize built: the train op, the gradients it applies (in var-list order), and the
   * variables it created (the beta powers, then each variable's {@code m} and {@code v} slots).
   */
  public record Minimized(NoOp trainOp, List<Output<TFloat32>> gradients,
      List<Tf1Variable> variables) {}

  /**
   * {@code minimize(loss, var_list)} inside {@code with tf.control_dependencies(controlInputs)}
   * (cell 4's {@code extra_ops}): {@link #computeGradients}, then {@link #applyGradients}, whose
   * NoOp {@code Adam} is the train op. {@code root} must carry no control dependencies.
   */
  public Minimized minimize(Tf1Scope root, Operand<TFloat32> loss, List<Tf1Variable> varList,
      List<Operation> controlInputs, GradientBuilder builder) {
    List<Output<TFloat32>> grads = computeGradients(root, loss, varList, controlInputs, builder);
    NoOp trainOp = applyGradients(root, grads, varList, controlInputs);
    return new Minimized(trainOp, grads, variables());
  }

  /**
   * {@code compute_gradients(loss, var_list, gate_gradients=GATE_OP)}: d loss / d var for each
   * variable, by TF1's own {@code tf.gradients} or by the C API's registry.
   */
  public List<Output<TFloat32>> computeGradients(Tf1Scope root, Operand<TFloat32> loss,
      List<Tf1Variable> varList, List<Operation> controlInputs, GradientBuilder builder) {
    return builder == GradientBuilder.TF1
        ? tf1Gradients(root, loss, varList, controlInputs)
        : registryGradients(root, loss, varList, controlInputs);
  }

  /**
   * {@code apply_gradients(zip(grads, var_list))}: {@link #createSlots} (in {@code init_scope}:
   * no control dependencies), then in the name scope {@code Adam} {@link #prepare}, one update
   * per variable in its scope {@code update_VAR} ({@link #applyDense} or {@link
   * #resourceApplyDense}), and {@link #finish}.
   */
  public NoOp applyGradients(Tf1Scope root, List<Output<TFloat32>> grads,
      List<Tf1Variable> varList, List<Operation> controlInputs) {
    createSlots(root, varList);
    Tf1Scope adam = root.withSubScope(NAME);
    prepare(adam.withControlDependencyOps(controlInputs));
    List<Operation> updateOps = new ArrayList<>();
    for (int i = 0; i < varList.size(); i++) {
      Tf1Variable var = varList.get(i);
      Tf1Scope update = adam.withSubScope("update_" + var.name());
      updateOps.add(var instanceof ResourceVariable rv
          ? resourceApplyDense(update, grads.get(i), rv)
          : applyDense(update, grads.get(i), (RefVariable) var));
    }
    NoOp trainOp = finish(adam, updateOps, controlInputs);
    // optimizer.py lines 633-636: the train op joins TRAIN_OP (graph mode).
    root.collections().add(GraphCollections.TRAIN_OP, trainOp.op());
    return trainOp;
  }

  /**
   * {@code _create_slots}: {@code beta1_power} and {@code beta2_power} ({@code
   * _create_non_slot_variable}, of the kind of the variable whose name sorts first), then each
   * variable's {@code m} and {@code v} ({@code _zeros_slot(var, "m", "Adam")}: {@code VAR/Adam}
   * and {@code VAR/Adam_1}).
   */
  private void createSlots(Tf1Scope root, List<Tf1Variable> varList) {
    Tf1Variable firstVar = varList.stream()
        .min(Comparator.comparing((Tf1Variable var) -> var.name() + ":0")).orElseThrow();
    beta1Power = nonSlotVariable(root, "beta1_power", beta1, firstVar);
    beta2Power = nonSlotVariable(root, "beta2_power", beta2, firstVar);
    for (Tf1Variable var : varList) {
      m.put(var, zerosSlot(root, var, NAME));
      v.put(var, zerosSlot(root, var, NAME));
    }
  }

  /**
   * {@code _prepare}: the hyperparameters as tensors, under the caller's control dependencies
   * (the constants have no inputs, so they wait for them). The updates read {@code
   * learning_rate}, made under the same dependencies: TF1 leaves them out of the updates as
   * dominated ({@code ops.Graph._control_dependencies_for_inputs}).
   */
  private void prepare(Tf1Scope adam) {
    lrT = Constant.scalarOf(adam.withName("learning_rate"), learningRate);
    beta1T = Constant.scalarOf(adam.withName("beta1"), beta1);
    beta2T = Constant.scalarOf(adam.withName("beta2"), beta2);
    epsilonT = Constant.scalarOf(adam.withName("epsilon"), epsilon);
  }

  /**
   * {@code _apply_dense(grad, var)}: {@code ApplyAdam}: {@code alpha =
   * lr*sqrt(1-beta2^t)/(1-beta1^t)}, {@code m += (g-m)*(1-beta1)}, {@code v +=
   * (g*g-v)*(1-beta2)}, {@code var -= alpha*m/(sqrt(v)+eps)}.
   */
  private Operation applyDense(Tf1Scope update, Output<TFloat32> grad, RefVariable var) {
    return ApplyAdam.create(update.withName("ApplyAdam"), var.variable(),
        ((RefVariable) m.get(var)).variable(), ((RefVariable) v.get(var)).variable(),
        beta1Power.value(update), beta2Power.value(update), lrT, beta1T, beta2T, epsilonT,
        grad).op();
  }

  /** {@code _resource_apply_dense(grad, var)}: {@code ResourceApplyAdam} on the handles. */
  private Operation resourceApplyDense(Tf1Scope update, Output<TFloat32> grad,
      ResourceVariable var) {
    return ResourceApplyAdam.create(update.withName("ResourceApplyAdam"), var.handle(),
        ((ResourceVariable) m.get(var)).handle(), ((ResourceVariable) v.get(var)).handle(),
        beta1Power.value(update), beta2Power.value(update), lrT, beta1T, beta2T, epsilonT,
        grad).op();
  }

  /**
   * {@code _finish(update_ops, "Adam")}: under {@code control_dependencies(update_ops)}, {@code
   * beta1_power * beta1} and {@code beta2_power * beta2} assigned back (each Assign reads its
   * mul, made under the same dependencies, so it gets none of its own); then {@code
   * group(update_ops + [update_beta1, update_beta2], name="Adam")}, which also waits for the
   * caller's control inputs.
   */
  private NoOp finish(Tf1Scope adam, List<Operation> updateOps, List<Operation> controlInputs) {
    Tf1Scope finish = adam.withControlDependencyOps(updateOps);
    List<Operation> all = new ArrayList<>(updateOps);
    all.add(updatePower(adam, finish, beta1Power, beta1T));
    all.add(updatePower(adam, finish, beta2Power, beta2T));
    all.addAll(controlInputs);
    return NoOp.create(adam.exact().withControlDependencyOps(all));
  }

  /**
   * {@code Optimizer.variables()}: the beta powers, then each variable's {@code m} and {@code v},
   * in creation order.
   */
  public List<Tf1Variable> variables() {
    List<Tf1Variable> all = new ArrayList<>(List.of(beta1Power, beta2Power));
    for (Tf1Variable var : m.keySet()) {
      all.add(m.get(var));
      all.add(v.get(var));
    }
    return all;
  }

  /**
   * TF1's own builder: {@code tf.gradients(loss, [p.target() ...], gate_gradients=True)} ({@code
   * GATE_OP}; a ref variable's ref, a resource variable's handle), built by {@link Gradients},
   * whose per-op {@code tuple}s keep every variable from moving while the gradient function that
   * reads it still runs.
   */
  @SuppressWarnings("unchecked")
  private static List<Output<TFloat32>> tf1Gradients(Tf1Scope root, Operand<TFloat32> loss,
      List<Tf1Variable> varList, List<Operation> controlInputs) {
    Tf1Graph g = new Tf1Graph((Graph) root.env(), root);
    List<Output<?>> xs = new ArrayList<>();
    varList.forEach(var -> xs.add(var.target()));
    List<Output<?>> dys;
    try (Tf1Graph.Block c = g.controlDependencies(controlInputs)) {
      dys = Gradients.gradients(g, loss.asOutput(), xs, true);
    }
    List<Output<TFloat32>> grads = new ArrayList<>();
    dys.forEach(dy -> grads.add((Output<TFloat32>) dy));
    return grads;
  }

  /**
   * The C API's registry: d loss / d var through each variable's reads (summed when there are
   * several), ungated, so each is gated on every gradient under {@code gradients/gate}.
   */
  @SuppressWarnings("unchecked")
  private static List<Output<TFloat32>> registryGradients(Tf1Scope root, Operand<TFloat32> loss,
      List<Tf1Variable> varList, List<Operation> controlInputs) {
    String prefix = root.makeUnique("gradients");
    List<Output<?>> xs = new ArrayList<>();
    for (Tf1Variable var : varList) {
      if (var.gradientTargets().isEmpty()) {
        throw new IllegalStateException("variable " + var.name() + " is never read");
      }
      xs.addAll(var.gradientTargets());
    }
    ControlFlowGradients.register(); // the C++ registry has no Switch and Merge gradients
    Output<?>[] dys = ((Graph) root.env()).addGradients(prefix,
        new Output<?>[] {loss.asOutput()}, xs.toArray(Output<?>[]::new), null);
    List<Operation> gate = new ArrayList<>(controlInputs);
    for (Output<?> dy : dys) {
      gate.add(dy.op());
    }
    Tf1Scope grad = root.withAbsoluteScope(prefix);
    Tf1Scope gated = root.withAbsoluteScope(prefix + "/gate").withControlDependencyOps(gate);
    List<Output<TFloat32>> grads = new ArrayList<>();
    int k = 0;
    for (Tf1Variable var : varList) {
      int n = var.gradientTargets().size();
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
   * {@code slot_creator.create_zeros_slot(var, opName)}: a non-trainable {@code VAR/opName} of the
   * variable's kind and shape, {@code zeros_initializer()} ({@link InitOps#initializer}).
   */
  private static Tf1Variable zerosSlot(Tf1Scope root, Tf1Variable var, String opName) {
    Function<Tf1Scope, Operand<TFloat32>> init = s -> InitOps.initializer(s, var.shape(), 0f);
    String name = var.name() + "/" + opName;
    return var instanceof ResourceVariable
        ? ResourceVariable.create(root, name, false, init)
        : RefVariable.create(root, name, false, init);
  }
}
