package hiddenlayer.tf1.gradients;

import hiddenlayer.tf1.ArrayOps;
import hiddenlayer.tf1.Tf1Graph;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;

/** TF 1.15's {@code python/ops/array_grad.py}: identities, reshapes, and the ops with none. */
final class ArrayGrad {
  private ArrayGrad() {}

  static void register(GradientRegistry r) {
    r.register("Identity", ArrayGrad::idGrad);
    r.register("RefIdentity", ArrayGrad::idGrad);
    r.register("PlaceholderWithDefault", ArrayGrad::idGrad);
    r.register("Reshape", ArrayGrad::reshapeGrad);
    r.register("ExpandDims", ArrayGrad::reshapeGrad);
    r.register("Squeeze", (g, op, grads) -> List.of(reshapeToInput(g, op, grads.get(0))));
    for (String t : List.of("StopGradient", "Const", "ZerosLike", "OnesLike", "Shape", "ShapeN",
        "Rank", "Size", "OneHot", "BroadcastGradientArgs", "ConcatOffset", "InvertPermutation")) {
      r.notDifferentiable(t);
    }
  }

  /** {@code _IdGrad} / {@code _RefIdGrad}: the gradient itself, no node. */
  static List<Output<?>> idGrad(Tf1Graph g, GraphOperation op, List<Output<?>> grads) {
    return List.of(grads.get(0));
  }

  /** {@code _ReshapeGrad} and {@code _ExpandDimsGrad}: reshape back to the input's shape. */
  static List<Output<?>> reshapeGrad(Tf1Graph g, GraphOperation op, List<Output<?>> grads) {
    return Arrays.asList(reshapeToInput(g, op, grads.get(0)), null);
  }

  /** {@code _ReshapeToInput}: {@code reshape(grad, shape(op.inputs[0]))}. */
  static Output<?> reshapeToInput(Tf1Graph g, GraphOperation op, Output<?> grad) {
    return ArrayOps.reshape(g, grad, ArrayOps.shape(g, op.input(0)));
  }
}
