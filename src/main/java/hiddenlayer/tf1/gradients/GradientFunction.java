package hiddenlayer.tf1.gradients;

import hiddenlayer.tf1.Tf1Graph;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;

/**
 * A TF1 gradient function ({@code @ops.RegisterGradient("OP")} {@code def _OpGrad(op, *grads)}):
 * builds, in {@code g}, one gradient (or null) per input of {@code op} from the gradients of its
 * outputs.
 */
@FunctionalInterface
public interface GradientFunction {
  List<Output<?>> apply(Tf1Graph g, GraphOperation op, List<Output<?>> grads);
}
