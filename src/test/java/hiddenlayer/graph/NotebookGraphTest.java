package hiddenlayer.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/** Names, seeds and initial values of the notebook's graph, against
 * src/site/markdown/TF1_SEMANTICS.md. */
class NotebookGraphTest {

  @Test
  void truncatedNormalSeedsAreTheOpIdsTf1Gives() {
    // src/site/markdown/TF1_SEMANTICS.md section 2: seeds (2020, 5), (2020, 18), (2020, 31).
    try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook())) {
      assertEquals(List.of(5L, 18L, 31L), g.truncatedNormalSeeds2());
      GraphOperation op = g.graph().operationOrThrow("truncated_normal_1/TruncatedNormal");
      assertEquals(2020L, op.attributes().getAttrInt("seed"));
      assertEquals(18L, op.attributes().getAttrInt("seed2"));
    }
  }

  @Test
  void firstWeightValuesMatchTf1() {
    // src/site/markdown/TF1_SEMANTICS.md section 2, measured with TF's own Philox kernel. Exact on
    // any machine: Philox is counter-based, each value a function of the seeds and its index
    // whatever the CPU or thread count, and the scale one float32 multiplication.
    float[] expected = {0.032470185f, 0.016721305f, 0.049406305f, 0.01858565f, 0.07463734f};
    try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook());
        Session s = GraphFixtures.session(g);
        Result r = s.runner().fetch(g.weights().get(0).read()).run()) {
      TFloat32 w = (TFloat32) r.get(0);
      float[] first = new float[5];
      for (int i = 0; i < 5; i++) {
        first[i] = w.getFloat(0, i);
      }
      assertArrayEquals(expected, first, 0f);
    }
  }

  @Test
  void namesFollowTf1() {
    try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook())) {
      assertEquals("Placeholder", g.x().op().name());
      assertEquals("Placeholder_1", g.y().op().name());
      assertEquals("Placeholder_2", g.training().op().name());
      assertEquals("Variable", g.weights().get(0).name());
      assertEquals("Variable_1", g.biases().get(0).name());
      assertEquals("Variable_5", g.biases().get(2).name());
      for (String name : List.of("truncated_normal", "truncated_normal/mul", "Variable/Assign",
          "Variable/read", "zeros", "zeros_2", "MatMul", "add", "Tanh_1",
          "batch_normalization/gamma", "batch_normalization_1/moving_variance",
          "batch_normalization/moments/Squeeze_1", "batch_normalization/cond/Merge",
          "batch_normalization/cond_2/AssignMovingAvg/AssignSubVariableOp",
          "batch_normalization/batchnorm/add_1",
          "Adam", "beta1_power", "Variable/Adam_1")) {
        g.graph().operationOrThrow(name);
      }
    }
  }

  @Test
  void trainableVariablesAreInTf1CreationOrder() {
    // tf.trainable_variables() lists variables in creation order: cell 1's W, b per layer, then
    // each normalisation layer's gamma, beta (tf.keras BatchNormalization) as cell 3 builds them.
    try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook())) {
      assertEquals(List.of("Variable", "Variable_1", "Variable_2", "Variable_3", "Variable_4",
          "Variable_5", "batch_normalization/gamma", "batch_normalization/beta",
          "batch_normalization_1/gamma", "batch_normalization_1/beta"),
          g.trainableVariables().stream().map(v -> v.name()).toList());
    }
  }

  @Test
  void trainableVariablesOfLayerNormGraphAreBetaThenGamma() {
    // tf.contrib.layers.layer_norm creates beta before gamma (src/site/markdown/TF1_SEMANTICS.md
    // section 4).
    try (NotebookGraph g = NotebookGraph.build(
        GraphConfig.notebook().withNormalization(Normalization.LAYER))) {
      assertEquals(List.of("Variable", "Variable_1", "Variable_2", "Variable_3", "Variable_4",
          "Variable_5", "LayerNorm/beta", "LayerNorm/gamma", "LayerNorm_1/beta",
          "LayerNorm_1/gamma"),
          g.trainableVariables().stream().map(v -> v.name()).toList());
    }
  }
}
