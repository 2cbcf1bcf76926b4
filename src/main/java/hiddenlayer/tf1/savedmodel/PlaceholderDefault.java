package hiddenlayer.tf1.savedmodel;

import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A boolean {@code tf.placeholder} made {@code tf.placeholder_with_default(value, shape=[],
 * name=NAME)} in a GraphDef: the node keeps its name and its consumers, becomes a {@code
 * PlaceholderWithDefault} of a new {@code Const} {@code NAME/input} (the name {@code
 * convert_to_tensor} gives the default inside the op's name scope), so that a client that does not
 * feed it gets {@code value}. What a Python user writes in place of {@code tf.placeholder(tf.bool,
 * name=NAME)} to serve a graph whose flag only training sets.
 */
public final class PlaceholderDefault {
  private PlaceholderDefault() {}

  /** {@code graph} with the boolean placeholder {@code name} defaulting to {@code value}. */
  public static GraphDef withDefault(GraphDef graph, String name, boolean value) {
    GraphDef.Builder out = graph.toBuilder().clearNode();
    boolean found = false;
    for (NodeDef node : graph.getNodeList()) {
      if (!node.getName().equals(name)) {
        out.addNode(node);
        continue;
      }
      if (!node.getOp().equals("Placeholder")
          || node.getAttrOrThrow("dtype").getType() != DataType.DT_BOOL) {
        throw new IllegalArgumentException(name + " is no boolean Placeholder: " + node.getOp());
      }
      found = true;
      AttrValue scalar = AttrValue.newBuilder()
          .setShape(TensorShapeProto.getDefaultInstance()).build();
      AttrValue shapes = AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder()
          .addShape(TensorShapeProto.getDefaultInstance())).build();
      NodeDef.Builder input = NodeDef.newBuilder().setName(name + "/input").setOp("Const")
          .setDevice(node.getDevice())
          .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_BOOL).build())
          .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder()
              .setDtype(DataType.DT_BOOL).setTensorShape(TensorShapeProto.getDefaultInstance())
              .addBoolVal(value)).build());
      NodeDef.Builder flag = node.toBuilder().setOp("PlaceholderWithDefault").clearInput()
          .addInput(name + "/input").putAttr("shape", scalar);
      if (node.containsAttr("_output_shapes")) {
        input.putAttr("_output_shapes", shapes);
        flag.putAttr("_output_shapes", shapes);
      }
      out.addNode(input).addNode(flag);
    }
    if (!found) {
      throw new IllegalArgumentException("no node " + name);
    }
    return out.build();
  }
}
