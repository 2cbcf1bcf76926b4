package hiddenlayer.tf1;

import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.family.TType;

/**
 * What a variable kind contributes to {@code tf.train.Saver}: TF1's {@code SaveableObject}
 * ({@code training/saving/saveable_object.py}): the tensor
 * {@code SaveV2} writes and the op that assigns a restored tensor back. Both are built in the
 * {@code save} scope, one variable after the other in name order (save tensors first, before
 * {@code save/SaveV2}; restore ops after {@code save/RestoreV2}), so TF1's unique names count
 * per op type across kinds:
 *
 * <ul>
 *   <li>{@code ReferenceVariableSaveable} ({@code VariableV2}): saves the variable itself (no
 *       op); restores with {@code state_ops.assign(var, restored, validate_shape=True)}: {@code
 *       save/Assign}, {@code save/Assign_1}, ...
 *   <li>{@code ResourceVariableSaveable} ({@code VarHandleOp}): saves {@code read_value()}
 *       copied to the CPU: {@code save/Read/ReadVariableOp} (on the handle's device), its
 *       {@code save/Identity}, then {@code save/Identity_1} on {@code /device:CPU:0} (the next
 *       resource variable: {@code save/Read_1/ReadVariableOp}, ...); restores with {@code
 *       save/Identity_k} of the restored tensor (on the variable's device) and {@code
 *       save/AssignVariableOp[_k]} on the handle ({@code shape_safe_assign_variable_handle}).
 * </ul>
 */
public interface SaveableObject {
  /** The checkpoint key: the variable's op name ({@code Variable_3}, {@code beta1_power}). */
  String name();

  Class<? extends TType> dtype();

  Shape shape();

  /** The tensor to save; built (if at all) in {@code save}, the Saver's name scope. */
  Output<?> saveTensor(Tf1Scope save);

  /** Assigns {@code restored} (RestoreV2's output) to the variable; built in {@code save}. */
  Operation restore(Tf1Scope save, Output<?> restored);
}
