package hiddenlayer.tf1;

import java.util.List;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Identity;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.VariableDef;
import org.tensorflow.types.TFloat32;

/**
 * TF1's {@code RefVariable} ({@code variables.py}, {@code RefVariable._init_from_args}): {@code
 * VariableV2} named like its scope, {@code NAME/Assign} (its initializer) and {@code NAME/read},
 * the snapshot every consumer reads.
 */
public record RefVariable(String name, Variable<TFloat32> variable, Assign<TFloat32> assign,
    Identity<TFloat32> read, boolean trainable) implements Tf1Variable {

  /**
   * {@code tf.Variable(initial_value)} or {@code tf.get_variable}: claims the scope {@code name}
   * ({@code Variable}, {@code Variable_1}, ...), builds the initial value inside it (initializers
   * build under {@code NAME/Initializer}), then the three ops. {@code parent} must carry no
   * control dependencies (TF1 builds variables in {@code init_scope}).
   */
  public static RefVariable create(Tf1Scope parent, String name, boolean trainable,
      Function<Tf1Scope, Operand<TFloat32>> initialValue) {
    Tf1Scope scope = parent.withSubScope(name);
    Operand<TFloat32> init = initialValue.apply(scope);
    Variable<TFloat32> variable = Variable.create(scope.exact(), init.shape(), TFloat32.class);
    Assign<TFloat32> assign = Assign.create(scope.withName("Assign"), variable, init);
    Identity<TFloat32> read = Identity.create(scope.withName("read"), variable);
    RefVariable v = new RefVariable(scope.scopeName(), variable, assign, read, trainable);
    Tf1Variable.addToCollections(parent, v);
    return v;
  }

  @Override
  public Shape shape() {
    return read.shape();
  }

  @Override
  public Operand<TFloat32> value(Tf1Scope scope) {
    return read;
  }

  @Override
  public Operation initializer() {
    return assign.op();
  }

  @Override
  public Output<?> target() {
    return variable.asOutput();
  }

  @Override
  public List<Output<TFloat32>> gradientTargets() {
    return List.of(read.output());
  }

  /**
   * {@code RefVariable.to_proto} ({@code ops/variables.py} of TF 1.15, lines 2591-2621): the
   * variable's tensor, initial value, {@code trainable}, {@code synchronization} and {@code
   * aggregation} (AUTO and NONE, 0 both, for {@code tf.Variable} and {@code get_variable}), the
   * initializer op, the snapshot ({@code NAME/read:0}); {@code is_resource} stays false.
   */
  @Override
  public VariableDef toProto() {
    return VariableDef.newBuilder()
        .setVariableName(variable.asOutput().name())
        .setInitialValueName(initialValue().name())
        .setTrainable(trainable)
        .setInitializerName(assign.op().name())
        .setSnapshotName(read.asOutput().name())
        .build();
  }

  /** {@code ReferenceVariableSaveable}: SaveV2 reads the variable itself (its ref). */
  @Override
  public Output<?> saveTensor(Tf1Scope save) {
    return variable.asOutput();
  }

  /**
   * {@code ReferenceVariableSaveable.restore}: {@code state_ops.assign(var, restored,
   * validate_shape=True)}, an {@code Assign} in the save scope ({@code save/Assign_3}).
   */
  @Override
  @SuppressWarnings("unchecked")
  public Operation restore(Tf1Scope save, Output<?> restored) {
    return Assign.create(save.withName("Assign"), variable, (Operand<TFloat32>) restored).op();
  }
}
