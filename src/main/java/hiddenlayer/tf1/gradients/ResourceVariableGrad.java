package hiddenlayer.tf1.gradients;

import java.util.List;

/** TF 1.15's {@code python/ops/resource_variable_ops.py}: the gradient of a variable read. */
final class ResourceVariableGrad {
  private ResourceVariableGrad() {}

  /** {@code _ReadGrad}: a {@code ReadVariableOp} passes its gradient to the handle unchanged. */
  static void register(GradientRegistry r) {
    r.register("ReadVariableOp", (g, op, grads) -> List.of(grads.get(0)));
  }
}
