package hiddenlayer.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * The attributes that carry meaning are TF 1.15's: dtypes, placeholder and variable shapes, the
 * epsilons, the moving-average decay, Adam's constants, keep_dims. Values from TF 1.15's sources:
 * keras BatchNormalization's defaults (momentum 0.99, epsilon 1e-3), contrib layer_norm's 1e-12,
 * AdamOptimizer's defaults (beta1 0.9, beta2 0.999, epsilon 1e-8), the notebook's 1e-3.
 */
class Tf1AttributesTest {
  @Test
  void batchNormGraphCarriesTf1sAttributes() {
    Map<String, NodeDef> n = nodes(GraphConfig.notebook());
    assertEquals(List.of(-1L, 784L), shape(n.get("Placeholder").getAttrOrThrow("shape")));
    assertEquals(List.of(-1L), shape(n.get("Placeholder_1").getAttrOrThrow("shape")));
    assertEquals(DataType.DT_INT32, n.get("Placeholder_1").getAttrOrThrow("dtype").getType());
    assertEquals(DataType.DT_BOOL, n.get("Placeholder_2").getAttrOrThrow("dtype").getType());
    for (String v : List.of("gamma", "beta", "moving_mean", "moving_variance")) {
      NodeDef h = n.get("batch_normalization/" + v);
      assertEquals(List.of(512L), shape(h.getAttrOrThrow("shape")), v);
      assertEquals(DataType.DT_FLOAT, h.getAttrOrThrow("dtype").getType(), v);
      // ResourceVariable._init_from_args: shared_name = the handle's name
      assertEquals("batch_normalization/" + v, h.getAttrOrThrow("shared_name").getS()
          .toStringUtf8());
    }
    assertEquals(1e-3f, scalar(n.get("batch_normalization/batchnorm/add/y")));
    assertEquals((float) (1.0 - 0.99),
        scalar(n.get("batch_normalization/cond_2/AssignMovingAvg/decay")));
    assertEquals(1e-3f, scalar(n.get("Adam/learning_rate")));
    assertEquals(0.9f, scalar(n.get("Adam/beta1")));
    assertEquals(0.999f, scalar(n.get("Adam/beta2")));
    assertEquals(1e-8f, scalar(n.get("Adam/epsilon")));
    assertEquals(0.9f, scalar(n.get("beta1_power/initial_value")));
    assertEquals(0.999f, scalar(n.get("beta2_power/initial_value")));
    // nn.moments: reduce_mean(keepdims=True), then Squeeze(axes); reduce_mean(costs): not kept
    assertEquals(true, n.get("batch_normalization/moments/mean").getAttrOrThrow("keep_dims")
        .getB());
    assertEquals(List.of(0L), n.get("batch_normalization/moments/Squeeze")
        .getAttrOrThrow("squeeze_dims").getList().getIList());
    assertEquals(false, n.get("Mean").getAttrOrThrow("keep_dims").getB());
    assertEquals(DataType.DT_INT64, n.get("ArgMax").getAttrOrThrow("output_type").getType());
    assertEquals(-1L, n.get("one_hot").getAttrOrThrow("axis").getI());
    assertEquals(DataType.DT_DOUBLE, n.get("truediv/Cast").getAttrOrThrow("DstT").getType());
    assertEquals(false, n.get("Adam/update_Variable/ApplyAdam").getAttrOrThrow("use_locking")
        .getB());
  }

  @Test
  void layerNormEpsilonIs1e12() {
    Map<String, NodeDef> n = nodes(GraphConfig.notebook().withNormalization(Normalization.LAYER));
    assertEquals(1e-12f, scalar(n.get("LayerNorm/batchnorm/add/y")));
    assertEquals(true, n.get("LayerNorm/moments/variance").getAttrOrThrow("keep_dims").getB());
    assertEquals(List.of(512L), shape(n.get("LayerNorm/gamma").getAttrOrThrow("shape")));
  }

  private static Map<String, NodeDef> nodes(GraphConfig config) {
    try (NotebookGraph g = NotebookGraph.build(config)) {
      GraphDef def = g.graph().toGraphDef();
      return def.getNodeList().stream().collect(Collectors.toMap(NodeDef::getName, d -> d));
    }
  }

  private static List<Long> shape(AttrValue v) {
    return v.getShape().getDimList().stream().map(d -> d.getSize()).toList();
  }

  private static float scalar(NodeDef constant) {
    TensorProto t = constant.getAttrOrThrow("value").getTensor();
    assertEquals(DataType.DT_FLOAT, t.getDtype());
    if (t.getFloatValCount() > 0) {
      return t.getFloatVal(0);
    }
    return ByteBuffer.wrap(t.getTensorContent().toByteArray()).order(ByteOrder.LITTLE_ENDIAN)
        .getFloat();
  }
}
