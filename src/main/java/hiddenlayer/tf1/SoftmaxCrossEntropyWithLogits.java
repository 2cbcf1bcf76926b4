package hiddenlayer.tf1;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Concat;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Reshape;
import org.tensorflow.op.core.Shape;
import org.tensorflow.op.core.Slice;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.math.Sub;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * TF 1.15's {@code tf.nn.softmax_cross_entropy_with_logits_v2(labels, logits)} ({@code nn_ops.py},
 * {@code softmax_cross_entropy_with_logits_v2_helper} and {@code _flatten_outer_dims}), axis -1,
 * float32: the kernel between the Python wrapper's reshapes, in the scope {@code
 * softmax_cross_entropy_with_logits}.
 *
 * <pre>
 * input_rank = rank(logits)                        Rank (a Const: the rank is known)
 * input_shape = shape(logits)                      Shape
 * logits = _flatten_outer_dims(logits)             Rank_1 Shape_1 Sub Slice concat Reshape
 * labels = _flatten_outer_dims(labels)             Rank_2 Shape_2 Sub_1 Slice_1 concat_1 Reshape_1
 * cost = kernel(logits, labels)                    softmax_cross_entropy_with_logits
 * output_shape = slice(input_shape, [0], [input_rank - 1])    Sub_2 Slice_2
 * cost = reshape(cost, output_shape)               Reshape_2
 * </pre>
 */
public final class SoftmaxCrossEntropyWithLogits {
  private SoftmaxCrossEntropyWithLogits() {}

  /** The per-example cost, the wrapper's last Reshape. */
  public static Operand<TFloat32> v2(Tf1Scope root, Operand<TFloat32> labels,
      Operand<TFloat32> logits) {
    Tf1Scope s = root.withSubScope("softmax_cross_entropy_with_logits");
    Operand<TInt32> inputRank = rank(s, logits);
    Operand<TInt32> inputShape = Shape.create(s.withSubScope("Shape").exact(), logits);
    Operand<TFloat32> flatLogits = flattenOuterDims(s, logits);
    Operand<TFloat32> flatLabels = flattenOuterDims(s, labels);
    Operand<TFloat32> cost = org.tensorflow.op.nn.SoftmaxCrossEntropyWithLogits.create(
        s.exact(), flatLogits, flatLabels).loss();
    Operand<TInt32> rankMinusOne = minusOne(s, inputRank);
    Tf1Scope slice = s.withSubScope("Slice");
    Operand<TInt32> outputShape = Slice.create(slice.exact(), inputShape,
        Constant.vectorOf(slice.withName("begin"), new int[] {0}),
        Stack.create(slice.withName("size"), List.of(rankMinusOne)));
    return Reshape.create(s.withSubScope("Reshape").exact(), cost, outputShape);
  }

  /** {@code array_ops.rank(x)} of a tensor of known rank: {@code constant(ndims, name=scope)}. */
  private static Operand<TInt32> rank(Tf1Scope s, Operand<?> x) {
    return Constant.scalarOf(s.withSubScope("Rank").exact(), x.shape().numDimensions());
  }

  /** {@code math_ops.subtract(rank, 1)}: the Const {@code Sub/y}, then the {@code Sub}. */
  private static Operand<TInt32> minusOne(Tf1Scope s, Operand<TInt32> rank) {
    Tf1Scope sub = s.withSubScope("Sub");
    return Sub.create(sub.exact(), rank, Constant.scalarOf(sub.withName("y"), 1));
  }

  /**
   * {@code _flatten_outer_dims(x)}: {@code reshape(x, concat([[-1], slice(shape(x), [rank(x) -
   * 1], [1])], 0))}; the slice's begin is a list holding a tensor, packed as {@code
   * Slice/begin}.
   */
  private static Operand<TFloat32> flattenOuterDims(Tf1Scope s, Operand<TFloat32> x) {
    Operand<TInt32> rank = rank(s, x);
    Operand<TInt32> shape = Shape.create(s.withSubScope("Shape").exact(), x);
    Operand<TInt32> last = minusOne(s, rank);
    Tf1Scope slice = s.withSubScope("Slice");
    Operand<TInt32> lastDimSize = Slice.create(slice.exact(), shape,
        Stack.create(slice.withName("begin"), List.of(last)),
        Constant.vectorOf(slice.withName("size"), new int[] {1}));
    Tf1Scope concat = s.withSubScope("concat");
    Operand<TInt32> newShape = Concat.create(concat.exact(),
        List.of(Constant.vectorOf(concat.withName("values_0"), new int[] {-1}), lastDimSize),
        Constant.scalarOf(concat.withName("axis"), 0));
    return Reshape.create(s.withSubScope("Reshape").exact(), x, newShape);
  }
}
