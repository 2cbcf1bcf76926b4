package hiddenlayer.tf1;

import org.tensorflow.Operand;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.math.Mul;
import org.tensorflow.op.math.Sub;
import org.tensorflow.types.TFloat32;

/**
 * TF1's Python operators on tensors ({@code math_ops._OverrideBinaryOperatorHelper}): {@code x +
 * y}, {@code x - y}, {@code x * y} open a name scope named for the operator ({@code add}, {@code
 * sub}, {@code mul}, made unique), convert a Python number {@code y} to the constant {@code y}
 * inside it, and give the op the scope's own name. In TF 1.15 {@code +} is {@code AddV2} ({@code
 * _add_dispatch}: the forward-compatibility horizon is past 2019-06-25); TensorFlow Java 1.1.0 has
 * no wrapper for it, so it is built by type name.
 */
public final class Operators {
  private Operators() {}

  /** {@code x + y}: {@code AddV2} named {@code add}. */
  public static Operand<TFloat32> add(Tf1Scope scope, Operand<TFloat32> x, Operand<TFloat32> y) {
    return addV2(scope.withSubScope("add"), x, y);
  }

  /** {@code x + c} for a Python float: the constant is {@code add/y}. */
  public static Operand<TFloat32> add(Tf1Scope scope, Operand<TFloat32> x, float c) {
    Tf1Scope add = scope.withSubScope("add");
    return addV2(add, x, Constant.scalarOf(add.withName("y"), c));
  }

  /** {@code x - y}: {@code Sub} named {@code sub}. */
  public static Operand<TFloat32> sub(Tf1Scope scope, Operand<TFloat32> x, Operand<TFloat32> y) {
    return Sub.create(scope.withSubScope("sub").exact(), x, y);
  }

  /** {@code x * y}: {@code Mul} named {@code mul}. */
  public static Operand<TFloat32> mul(Tf1Scope scope, Operand<TFloat32> x, Operand<TFloat32> y) {
    return Mul.create(scope.withSubScope("mul").exact(), x, y);
  }

  /**
   * {@code x * var}: the variable is read inside the {@code mul} scope (the operator converts
   * its right operand there), so a resource variable's read is {@code mul/ReadVariableOp}.
   */
  public static Operand<TFloat32> mul(Tf1Scope scope, Operand<TFloat32> x, Tf1Variable y) {
    Tf1Scope mul = scope.withSubScope("mul");
    return Mul.create(mul.exact(), x, y.value(mul));
  }

  /**
   * {@code var - y}: a variable's operator reads it first ({@code Variable._OverloadOperator}
   * calls {@code a.value()}), in the enclosing scope, then subtracts.
   */
  public static Operand<TFloat32> sub(Tf1Scope scope, Tf1Variable x, Operand<TFloat32> y) {
    Operand<TFloat32> value = x.value(scope);
    return sub(scope, value, y);
  }

  /** {@code gen_math_ops.add_v2(x, y, name=scope)}: the op takes {@code opScope}'s own name. */
  private static Operand<TFloat32> addV2(Tf1Scope opScope, Operand<TFloat32> x,
      Operand<TFloat32> y) {
    return opScope.exact().opBuilder("AddV2", "AddV2")
        .addInput(x.asOutput()).addInput(y.asOutput()).build().output(0);
  }
}
