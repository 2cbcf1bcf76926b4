package hiddenlayer.tf1.gradients;

import java.util.HashMap;
import java.util.Map;

/**
 * TF1's gradient registry ({@code framework/ops.py}: {@code _gradient_registry}, filled by
 * {@code @ops.RegisterGradient} and {@code ops.NotDifferentiable}): the gradient function of each
 * op type. The {@code *Grad} classes register into it, as TF's {@code *_grad.py} modules do.
 */
final class GradientRegistry {
  /** {@code ops.NotDifferentiable}: registered, builds nothing, passes no gradient on. */
  static final GradientFunction NOT_DIFFERENTIABLE = (g, op, grads) -> null;

  private final Map<String, GradientFunction> functions = new HashMap<>();

  /** {@code @ops.RegisterGradient(opType)}. */
  void register(String opType, GradientFunction fn) {
    if (functions.putIfAbsent(opType, fn) != null) {
      throw new IllegalStateException("Registering two gradient with name '" + opType + "'");
    }
  }

  /** {@code ops.NotDifferentiable(opType)}. */
  void notDifferentiable(String opType) {
    register(opType, NOT_DIFFERENTIABLE);
  }

  /** {@code ops.get_gradient_function}: the function for {@code opType}, or null if none. */
  GradientFunction lookup(String opType) {
    return functions.get(opType);
  }
}
