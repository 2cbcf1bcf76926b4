package hiddenlayer.tf1;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Identity;
import org.tensorflow.op.core.NoOp;
import org.tensorflow.op.math.Mul;
import org.tensorflow.op.train.ApplyAdam;
import org.tensorflow.types.TFloat32;

/**
 * {@code tf.train.AdamOptimizer(lr).minimize(loss)} as TF1 builds it, including the ordering
 * TF1 guarantees and TensorFlow Java's own {@code Adam} does not.
 *
 * <p>Per trainable variable, {@code ApplyAdam}: {@code alpha = lr*sqrt(1-beta2^t)/(1-beta1^t)},
 * {@code m += (g-m)*(1-beta1)}, {@code v += (g*g-v)*(1-beta2)}, {@code var -= alpha*m/(sqrt(v)+eps)}.
 * The accumulators {@code beta1_power} and {@code beta2_power} start at beta1 and beta2 and are
 * multiplied only after every ApplyAdam (TF1's {@code _finish}).
 *
 * <p>{@code compute_gradients} with {@link GradientBuilder#TF1} is TF1's own: {@code
 * tf.gradients(loss, [v._ref() ...], gate_gradients=True)} ({@code GATE_OP}, the default), built
 * by {@link Gradients}, whose per-op {@code tuple}s keep every variable from moving while the
 * gradient function that reads it still runs. With {@link GradientBuilder#REGISTRY} the C API
 * builds them, ungated, so every ApplyAdam waits for every gradient ({@code gradients/gate}).
 */
public final class AdamOptimizer {
  public static final float BETA1 = 0.9f;
  public static final float BETA2 = 0.999f;
  public static final float EPSILON = 1e-8f;

  private AdamOptimizer() {}

  /**
   * What minimize built: the train op, the gradients it applies (in var-list order) and the
   * variables it created ({@code beta1_power}, {@code beta2_power}, then each variable's {@code
   * Adam} and {@code Adam_1} slots), which are global variables too.
   */
  public record Minimized(NoOp trainOp, List<Output<TFloat32>> gradients,
      List<Tf1Variable> variables) {}

  /**
   * Builds gradients and updates under {@code controlDependencies} (cell 4's {@code
   * with tf.control_dependencies(extra_ops)}); returns the {@code Adam} NoOp.
   */
  @SuppressWarnings("unchecked")
  public static Minimized minimize(Tf1Scope root, Graph graph, Operand<TFloat32> loss,
      List<Tf1Variable> varList, float learningRate, List<Operation> controlDependencies,
      GradientBuilder builder) {
    List<Output<TFloat32>> grads = builder == GradientBuilder.TF1
        ? tf1Gradients(root, graph, loss, varList, controlDependencies)
        : registryGradients(root, graph, loss, varList, controlDependencies);

    // apply_gradients: the beta powers, then the m and v slots of each variable.
    Tf1Scope adam = root.withSubScope("Adam");
    Tf1Variable beta1Power = powerVariable(root, "beta1_power", BETA1);
    Tf1Variable beta2Power = powerVariable(root, "beta2_power", BETA2);
    List<Tf1Variable[]> mv = new ArrayList<>();
    for (Tf1Variable v : varList) {
      Tf1Variable m = zerosSlot(root, v, "Adam");
      Tf1Variable s = zerosSlot(root, v, "Adam_1");
      mv.add(new Tf1Variable[] {m, s});
    }
    Constant<TFloat32> lr = Constant.scalarOf(adam.withName("learning_rate"), learningRate);
    Constant<TFloat32> beta1 = Constant.scalarOf(adam.withName("beta1"), BETA1);
    Constant<TFloat32> beta2 = Constant.scalarOf(adam.withName("beta2"), BETA2);
    Constant<TFloat32> epsilon = Constant.scalarOf(adam.withName("epsilon"), EPSILON);

    List<Operation> applies = new ArrayList<>();
    Tf1Scope applyScope = adam.withControlDependencyOps(controlDependencies);
    for (int i = 0; i < varList.size(); i++) {
      Tf1Variable v = varList.get(i);
      Tf1Scope update = applyScope.withSubScope("update_" + v.name());
      applies.add(ApplyAdam.create(update.withName("ApplyAdam"), v.variable(),
          mv.get(i)[0].variable(), mv.get(i)[1].variable(), beta1Power.read(), beta2Power.read(),
          lr, beta1, beta2, epsilon, grads.get(i)).op());
    }

    // _finish: the powers move after all ApplyAdam ops; the group is the NoOp `Adam`.
    Tf1Scope finish = adam.withControlDependencyOps(applies);
    List<Operation> all = new ArrayList<>(applies);
    all.add(Assign.create(finish.withName("Assign"), beta1Power.variable(),
        Mul.create(finish.withName("mul"), beta1Power.read(), beta1)).op());
    all.add(Assign.create(finish.withName("Assign"), beta2Power.variable(),
        Mul.create(finish.withName("mul"), beta2Power.read(), beta2)).op());
    NoOp trainOp = NoOp.create(adam.exact().withControlDependencyOps(all));
    List<Tf1Variable> created = new ArrayList<>(List.of(beta1Power, beta2Power));
    mv.forEach(pair -> created.addAll(List.of(pair)));
    return new Minimized(trainOp, grads, created);
  }

  /** {@code compute_gradients(loss, var_list, gate_gradients=GATE_OP)}, TF1's builder. */
  @SuppressWarnings("unchecked")
  private static List<Output<TFloat32>> tf1Gradients(Tf1Scope root, Graph graph,
      Operand<TFloat32> loss, List<Tf1Variable> varList, List<Operation> controlDependencies) {
    Tf1Ops b = new Tf1Ops(graph, root);
    List<Output<?>> xs = new ArrayList<>();
    varList.forEach(v -> xs.add(v.variable().asOutput()));
    List<Output<?>> dys;
    try (Tf1Ops.Block c = b.controlDependencies(controlDependencies)) {
      dys = Gradients.gradients(b, loss.asOutput(), xs, true);
    }
    List<Output<TFloat32>> grads = new ArrayList<>();
    dys.forEach(dy -> grads.add((Output<TFloat32>) dy));
    return grads;
  }

  /**
   * d loss / d var from the C++ registry, through each variable's read snapshot; each gradient
   * through an Identity under {@code gradients/gate} that waits for all of them.
   */
  @SuppressWarnings("unchecked")
  private static List<Output<TFloat32>> registryGradients(Tf1Scope root, Graph graph,
      Operand<TFloat32> loss, List<Tf1Variable> varList, List<Operation> controlDependencies) {
    String prefix = root.makeUnique("gradients");
    Output<?>[] xs = varList.stream().map(v -> v.read().asOutput()).toArray(Output<?>[]::new);
    Output<?>[] dys = graph.addGradients(prefix, new Output<?>[] {loss.asOutput()}, xs, null);
    List<Operation> gate = new ArrayList<>(controlDependencies);
    for (Output<?> dy : dys) {
      gate.add(dy.op());
    }
    Tf1Scope gated = root.withSubScope(prefix + "/gate").withControlDependencyOps(gate);
    List<Output<TFloat32>> grads = new ArrayList<>();
    for (Output<?> dy : dys) {
      grads.add(Identity.create(gated.withName("Identity"), (Output<TFloat32>) dy).output());
    }
    return grads;
  }

  private static Tf1Variable powerVariable(Tf1Scope root, String name, float initial) {
    return Tf1Variable.create(root, name, false,
        s -> Constant.scalarOf(s.withName("initial_value"), initial));
  }

  /** {@code _zeros_slot(var, name)}: a non-trainable {@code VAR/Adam} of var's shape. */
  private static Tf1Variable zerosSlot(Tf1Scope root, Tf1Variable var, String slotName) {
    long[] dims = var.read().shape().asArray();
    int[] shape = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      shape[i] = (int) dims[i];
    }
    return Tf1Variable.create(root, var.name() + "/" + slotName, false, s -> zeros(s, shape));
  }

  private static Operand<TFloat32> zeros(Tf1Scope variableScope, int[] shape) {
    Tf1Scope init = variableScope.withSubScope("Initializer");
    Tf1Scope zeros = init.withSubScope("zeros");
    return org.tensorflow.op.core.Fill.create(zeros.exact(),
        Constant.vectorOf(zeros.withName("shape_as_tensor"), shape),
        Constant.scalarOf(zeros.withName("Const"), 0f));
  }
}
