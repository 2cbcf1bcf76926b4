package hiddenlayer.tf1;

import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Identity;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A TF1 {@code RefVariable}: {@code VariableV2} named like its scope, {@code NAME/Assign} (the
 * initializer, run once by the session) and {@code NAME/read}, the snapshot every consumer reads.
 */
public record Tf1Variable(String name, Variable<TFloat32> variable, Assign<TFloat32> assign,
    Identity<TFloat32> read, boolean trainable) implements Saver.Saveable {

  /**
   * {@code tf.Variable(initial_value)} or a layer's {@code add_weight}: claims the scope {@code
   * name} ({@code Variable}, {@code Variable_1}, ...), builds the initial value inside it (for
   * initializers TF1 builds under {@code NAME/Initializer}), then the three ops.
   */
  public static Tf1Variable create(Tf1Scope parent, String name, boolean trainable,
      Function<Tf1Scope, Operand<TFloat32>> initialValue) {
    Tf1Scope scope = parent.withSubScope(name);
    Operand<TFloat32> init = initialValue.apply(scope);
    Tf1Scope initScope = scope.withInitScope();
    Variable<TFloat32> variable =
        Variable.create(initScope.exact(), init.shape(), TFloat32.class);
    Assign<TFloat32> assign = Assign.create(initScope.withName("Assign"), variable, init);
    Identity<TFloat32> read = Identity.create(scope.withName("read"), variable);
    return new Tf1Variable(scope.scopeName(), variable, assign, read, trainable);
  }

  @Override
  public Class<TFloat32> dtype() {
    return TFloat32.class;
  }

  @Override
  public Shape shape() {
    return variable.shape();
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
