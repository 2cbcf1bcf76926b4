package hiddenlayer.graph;

import hiddenlayer.tf1.GraphCollections;
import hiddenlayer.tf1.InitOps;
import hiddenlayer.tf1.Nn;
import hiddenlayer.tf1.RefVariable;
import hiddenlayer.tf1.Tf1Scope;
import hiddenlayer.tf1.Tf1Variable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * {@code tf.contrib.layers.layer_norm(h)} (exercise Q1): center and scale on, {@code
 * begin_norm_axis=1}; variables {@code LayerNorm/beta} (zeros) then {@code LayerNorm/gamma}
 * (ones), ref variables ({@code get_variable}), their initializers one Const each; per-row
 * moments kept as [N, 1]; {@code tf.nn.batch_normalization} with epsilon 1e-12. Training and inference compute the same thing: there are no moving statistics.
 */
public final class LayerNormalization {
  /** {@code variance_epsilon} of layer_norm for float32. */
  public static final float EPSILON = 1e-12f;

  private final Tf1Variable beta;
  private final Tf1Variable gamma;
  private final Operand<TFloat32> output;

  private LayerNormalization(Tf1Scope parent, Operand<TFloat32> h) {
    Tf1Scope s = parent.withSubScope("LayerNorm");
    int n = (int) h.shape().get(1);
    beta = RefVariable.create(s, "beta", true,
        v -> InitOps.initializer(v, Shape.of(n), 0f));
    gamma = RefVariable.create(s, "gamma", true,
        v -> InitOps.initializer(v, Shape.of(n), 1f));
    // contrib variables.model_variable: collections += [GLOBAL_VARIABLES, MODEL_VARIABLES]
    // (contrib/framework/python/ops/variables.py lines 335-336).
    s.collections().add(GraphCollections.MODEL_VARIABLES, beta);
    s.collections().add(GraphCollections.MODEL_VARIABLES, gamma);
    Nn.Moments moments = Nn.moments(s, h, 1, true);
    output = Nn.batchNormalization(s, h, moments.mean(), moments.variance(), beta, gamma,
        EPSILON);
  }

  /** Builds one layer on {@code h} under {@code parent} (scopes {@code LayerNorm}, ...). */
  public static LayerNormalization call(Tf1Scope parent, Operand<TFloat32> h) {
    return new LayerNormalization(parent, h);
  }

  public Operand<TFloat32> output() {
    return output;
  }

  /** In creation order, as {@code tf.trainable_variables()} lists them. */
  public List<Tf1Variable> variables() {
    return List.of(beta, gamma);
  }
}
