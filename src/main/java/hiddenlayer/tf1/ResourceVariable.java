package hiddenlayer.tf1;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.AssignSubVariableOp;
import org.tensorflow.op.core.AssignVariableOp;
import org.tensorflow.op.core.Identity;
import org.tensorflow.op.core.ReadVariableOp;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.op.core.VarIsInitializedOp;
import org.tensorflow.proto.VariableAggregation;
import org.tensorflow.proto.VariableDef;
import org.tensorflow.proto.VariableSynchronization;
import org.tensorflow.types.TFloat32;

/**
 * TF1's {@code ResourceVariable} ({@code resource_variable_ops.py}, {@code
 * ResourceVariable._init_from_args}), as keras' {@code base_layer_utils.make_variable} makes it
 * ({@code use_resource = True} when unset): under the scope {@code NAME}, the initial value in
 * {@code NAME/Initializer}, {@code VarHandleOp} {@code NAME} (shared_name {@code NAME}), {@code
 * NAME/IsInitialized/VarIsInitializedOp}, {@code NAME/Assign} (an AssignVariableOp, the
 * initializer) and {@code NAME/Read/ReadVariableOp} (the graph element). Every use reads the
 * variable anew: {@link #value} is a {@code ReadVariableOp} where it is used.
 */
public final class ResourceVariable implements Tf1Variable {
  private final String name;
  private final boolean trainable;
  private final VarHandleOp handle;
  private final AssignVariableOp initializer;
  private final ReadVariableOp<TFloat32> graphElement;
  private final Shape shape;
  private final VariableSynchronization synchronization;
  private final VariableAggregation aggregation;
  private final List<Output<TFloat32>> reads = new ArrayList<>();

  private ResourceVariable(String name, boolean trainable, VariableSynchronization sync,
      VariableAggregation aggregation, VarHandleOp handle, AssignVariableOp initializer,
      ReadVariableOp<TFloat32> graphElement, Shape shape) {
    this.name = name;
    this.trainable = trainable;
    this.synchronization = sync;
    this.aggregation = aggregation;
    this.handle = handle;
    this.initializer = initializer;
    this.graphElement = graphElement;
    this.shape = shape;
  }

  /**
   * {@code ResourceVariable(initial_value=fn, name=name)}: {@code parent} must carry no control
   * dependencies (TF1 builds variables in {@code init_scope}).
   */
  public static ResourceVariable create(Tf1Scope parent, String name, boolean trainable,
      Function<Tf1Scope, Operand<TFloat32>> initialValue) {
    return create(parent, name, trainable, VariableSynchronization.VARIABLE_SYNCHRONIZATION_AUTO,
        VariableAggregation.VARIABLE_AGGREGATION_NONE, initialValue);
  }

  /**
   * As {@link #create(Tf1Scope, String, boolean, Function)}, with the variable's {@code
   * synchronization} and {@code aggregation} (keras' moving statistics: {@code ON_READ}, {@code
   * MEAN}), which only its {@link #toProto} records.
   */
  public static ResourceVariable create(Tf1Scope parent, String name, boolean trainable,
      VariableSynchronization sync, VariableAggregation aggregation,
      Function<Tf1Scope, Operand<TFloat32>> initialValue) {
    Tf1Scope scope = parent.withSubScope(name);
    Operand<TFloat32> init = initialValue.apply(scope);
    String handleName = scope.scopeName();
    VarHandleOp handle = VarHandleOp.create(scope.exact(), TFloat32.class, init.shape(),
        VarHandleOp.sharedName(handleName), VarHandleOp.container(""));
    VarIsInitializedOp.create(
        scope.withSubScope("IsInitialized").withName("VarIsInitializedOp"), handle);
    AssignVariableOp assign = AssignVariableOp.create(scope.withSubScope("Assign").exact(),
        handle, init);
    ReadVariableOp<TFloat32> read = ReadVariableOp.create(
        scope.withSubScope("Read").withName("ReadVariableOp"), handle, TFloat32.class);
    ResourceVariable v = new ResourceVariable(handleName, trainable, sync, aggregation, handle,
        assign, read, init.shape());
    Tf1Variable.addToCollections(parent, v);
    return v;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean trainable() {
    return trainable;
  }

  @Override
  public Shape shape() {
    return shape;
  }

  /** The {@code VarHandleOp}'s resource, what resource ops (and {@code var.handle}) take. */
  public Operand<?> handle() {
    return handle;
  }

  @Override
  public Operand<TFloat32> read() {
    return graphElement;
  }

  /** {@code var.value()}: {@code ReadVariableOp} named in {@code scope}. */
  @Override
  public Operand<TFloat32> value(Tf1Scope scope) {
    ReadVariableOp<TFloat32> r =
        ReadVariableOp.create(scope.withName("ReadVariableOp"), handle, TFloat32.class);
    reads.add(r.value());
    return r;
  }

  /**
   * {@code var.assign_sub(delta)}: {@code AssignSubVariableOp} named in {@code scope} (TF1's
   * {@code state_ops.assign_sub} passes no name on for a resource variable).
   */
  public AssignSubVariableOp assignSub(Tf1Scope scope, Operand<TFloat32> delta) {
    return AssignSubVariableOp.create(scope.withName("AssignSubVariableOp"), handle, delta);
  }

  /**
   * {@code _UnreadVariable._read_variable_op()}: the value after {@code update}, a {@code
   * ReadVariableOp} in {@code scope} under a control dependency on it.
   */
  public Operand<TFloat32> readAfter(Tf1Scope scope, Operation update) {
    return ReadVariableOp.create(scope.withName("ReadVariableOp")
        .withControlDependencyOps(List.of(update)), handle, TFloat32.class);
  }

  @Override
  public Operation initializer() {
    return initializer.op();
  }

  @Override
  public Output<?> target() {
    return handle.resource();
  }

  @Override
  public List<Output<TFloat32>> gradientTargets() {
    return Collections.unmodifiableList(reads);
  }

  /**
   * {@code ResourceVariable.to_proto} ({@code ops/resource_variable_ops.py} of TF 1.15, lines
   * 664-707): the handle's tensor, the initial value, the initializer op, the graph element as
   * snapshot ({@code NAME/Read/ReadVariableOp:0}: no caching device, so no cached value), {@code
   * is_resource}, {@code trainable}, {@code synchronization}, {@code aggregation}.
   */
  @Override
  public VariableDef toProto() {
    return VariableDef.newBuilder()
        .setVariableName(handle.resource().name())
        .setInitialValueName(initialValue().name())
        .setInitializerName(initializer.op().name())
        .setSnapshotName(graphElement.asOutput().name())
        .setIsResource(true)
        .setTrainable(trainable)
        .setSynchronization(synchronization)
        .setAggregation(aggregation)
        .build();
  }

  /**
   * {@code ResourceVariableSaveable} ({@code training/saving/saveable_object_util.py}): the
   * variable's {@code read_value()} ({@code save/Read/ReadVariableOp} and its {@code Identity},
   * on the variable's device) copied to the CPU ({@code array_ops.identity} on {@code
   * /device:CPU:0}), built when SaveV2 asks for it.
   */
  @Override
  public Output<?> saveTensor(Tf1Scope save) {
    ReadVariableOp<TFloat32> r = ReadVariableOp.create(
        save.withSubScope("Read").withName("ReadVariableOp"), handle, TFloat32.class);
    Identity<TFloat32> value = Identity.create(save.withName("Identity"), r);
    return Identity.create(save.withName("Identity").withDevice(CPU), value).output();
  }

  /**
   * {@code ResourceVariableSaveable.restore}: the restored tensor copied to the variable's device
   * ({@code save/Identity_k}), then {@code shape_safe_assign_variable_handle}: an {@code
   * AssignVariableOp} on the handle ({@code save/AssignVariableOp}, {@code _1}, ...).
   */
  @Override
  @SuppressWarnings("unchecked")
  public Operation restore(Tf1Scope save, Output<?> restored) {
    Identity<TFloat32> value =
        Identity.create(save.withName("Identity"), (Operand<TFloat32>) restored);
    return AssignVariableOp.create(save.withName("AssignVariableOp"), handle, value).op();
  }

  private static final DeviceSpec CPU = DeviceSpec.newBuilder()
      .deviceType(DeviceSpec.DeviceType.CPU).deviceIndex(0).build();
}
