package hiddenlayer.tf1.gradients;

import hiddenlayer.tf1.ArrayOps;
import hiddenlayer.tf1.MathOps;
import hiddenlayer.tf1.Tf1Graph;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;

/** TF 1.15's {@code python/ops/nn_grad.py}: the cross-entropy kernel's gradient. */
final class NnGrad {
  private NnGrad() {}

  static void register(GradientRegistry r) {
    r.register("SoftmaxCrossEntropyWithLogits", NnGrad::softmaxCrossEntropyWithLogitsGrad);
  }

  /**
   * {@code _SoftmaxCrossEntropyWithLogitsGrad}: for the logits {@code _BroadcastMul(grad_loss,
   * backprop)}, plus a second-order term only when the backprop output's gradient is not zeros
   * (here it is the walk's {@code zeros_like}); for the labels {@code _BroadcastMul(grad_loss,
   * -log_softmax(logits))}, built even though nothing uses it.
   */
  static List<Output<?>> softmaxCrossEntropyWithLogitsGrad(Tf1Graph g, GraphOperation op,
      List<Output<?>> grads) {
    Output<?> gradLoss = grads.get(0);
    Output<?> gradGrad = grads.get(1);
    Output<?> grad = broadcastMul(g, gradLoss, op.output(1));
    if (gradGrad != null && !isZero(gradGrad)) {
      throw new UnsupportedOperationException(
          "second-order gradient of " + op.name() + " (its backprop output is used)");
    }
    Output<?> logits = op.input(0);
    Output<?> labelsGrad =
        broadcastMul(g, gradLoss, MathOps.neg(g, logSoftmax(g, logits)));
    return Arrays.asList(grad, labelsGrad);
  }

  /** {@code gen_nn_ops.log_softmax(logits)}: LogSoftmax named {@code LogSoftmax}. */
  private static Output<?> logSoftmax(Tf1Graph g, Output<?> logits) {
    return g.op("LogSoftmax").input(logits).build().output(0);
  }

  /** {@code IsZero(g)}: a ZerosLike (TF1 also accepts a Const of zeros, not met here). */
  private static boolean isZero(Output<?> g) {
    return g.op().type().equals("ZerosLike") || g.op().type().equals("Zeros");
  }

  /** {@code _BroadcastMul(vec, mat)}: {@code expand_dims(vec, -1) * mat}. */
  private static Output<?> broadcastMul(Tf1Graph g, Output<?> vec, Output<?> mat) {
    return MathOps.mul(g, ArrayOps.expandDims(g, vec, -1), mat);
  }
}
