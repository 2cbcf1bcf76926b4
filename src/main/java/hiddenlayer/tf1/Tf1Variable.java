package hiddenlayer.tf1;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.NoOp;
import org.tensorflow.proto.VariableDef;
import org.tensorflow.types.TFloat32;

/**
 * A TF1 variable, of either kind TF 1.15 makes: a {@link RefVariable} ({@code tf.Variable},
 * {@code tf.get_variable}: {@code VariableV2}) or a {@link ResourceVariable} (what keras' {@code
 * add_weight} makes: {@code VarHandleOp}). Consumers see one type: its name, whether it is
 * trainable, its shape, the tensor a session fetches, and the value an op reads; and, for {@code
 * tf.train.Saver}, its save tensor and restore op ({@link SaveableObject}).
 */
public sealed interface Tf1Variable extends SaveableObject permits RefVariable, ResourceVariable {
  /** TF1's {@code var.op.name}: {@code Variable_1}, {@code batch_normalization/gamma}. */
  @Override
  String name();

  /** Whether {@code tf.trainable_variables()} lists it. */
  boolean trainable();

  @Override
  Shape shape();

  @Override
  default Class<TFloat32> dtype() {
    return TFloat32.class;
  }

  /**
   * The variable's graph element, what {@code session.run(var)} fetches: {@code NAME/read} for a
   * ref variable, {@code NAME/Read/ReadVariableOp} for a resource variable.
   */
  Operand<TFloat32> read();

  /**
   * {@code ops.convert_to_tensor(var)} where an op uses the variable: a ref variable's {@code
   * read} snapshot (no new op); for a resource variable a new {@code ReadVariableOp} named in
   * {@code scope}.
   */
  Operand<TFloat32> value(Tf1Scope scope);

  /** {@code var.initializer}: {@code NAME/Assign}, an Assign or an AssignVariableOp. */
  Operation initializer();

  /**
   * {@code var.initial_value}: the tensor the initializer assigns (its input 1, as {@code
   * _try_guard_against_uninitialized_dependencies} leaves a value that reads no variable).
   */
  default Output<?> initialValue() {
    return ((org.tensorflow.GraphOperation) initializer()).input(1);
  }

  /**
   * {@code var.to_proto()}, the {@code VariableDef} a MetaGraphDef's variable collections hold
   * ({@code RefVariable.to_proto} in {@code ops/variables.py}, {@code
   * ResourceVariable.to_proto} in {@code ops/resource_variable_ops.py}).
   */
  VariableDef toProto();

  /**
   * {@code _OptimizableVariable.target()}, what TF1's {@code tf.gradients} differentiates: a ref
   * variable's ref ({@code v._ref()}), a resource variable's handle.
   */
  Output<?> target();

  /**
   * What the backward pass differentiates to reach the variable: the ref variable's snapshot, or
   * each {@code ReadVariableOp} a resource variable's uses made (TF1 differentiates the handle,
   * whose gradient is the sum over those reads).
   */
  List<Output<TFloat32>> gradientTargets();

  /**
   * {@code ops.add_to_collections(collections, self)} at the end of a variable's construction,
   * {@code collections} left at its default ({@code variables.py} line 1873, {@code
   * resource_variable_ops.py} line 1619): {@code [GLOBAL_VARIABLES]}, plus {@code
   * TRAINABLE_VARIABLES} for a trainable variable ({@code variables.py} lines 1772-1797, {@code
   * resource_variable_ops.py} lines 1496-1511).
   */
  static void addToCollections(Tf1Scope scope, Tf1Variable v) {
    scope.collections().add(GraphCollections.GLOBAL_VARIABLES, v);
    if (v.trainable()) {
      scope.collections().add(GraphCollections.TRAINABLE_VARIABLES, v);
    }
  }

  /**
   * {@code tf.global_variables_initializer()}: {@code variables_initializer(global_variables())},
   * a {@code group} of every initializer, the NoOp {@code init}.
   */
  static NoOp globalVariablesInitializer(Tf1Scope root, List<Tf1Variable> globalVariables) {
    List<Operation> initializers = new ArrayList<>();
    globalVariables.forEach(v -> initializers.add(v.initializer()));
    return NoOp.create(root.withSubScope("init").exact().withControlDependencyOps(initializers));
  }
}
