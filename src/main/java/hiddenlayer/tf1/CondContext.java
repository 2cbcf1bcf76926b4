package hiddenlayer.tf1;

import org.tensorflow.Output;
import org.tensorflow.types.TBool;

/**
 * TF1's {@code control_flow_ops.CondContext}: the branch of a v1 {@code tf.cond} an op was built
 * in: {@code pred} is the cond's {@code pred_id}, {@code branch} 1 for the true branch and 0 for
 * the false one (TF1's context also holds the pivot, which no gradient here reads). The gradients
 * of {@code Switch} and {@code Merge} read it, as TF1's do through {@code
 * op._control_flow_context}.
 */
public record CondContext(Output<TBool> pred, int branch) {}
