package hiddenlayer.graph;

import java.util.Locale;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/** The GraphDef for inspection: a node list to diff, protobuf text, or the binary .pb. */
public enum GraphExport {
  /** One node per line: name, op, inputs, and the seeds of random ops. */
  LIST,
  /** Protobuf text format. */
  PBTXT,
  /** Binary GraphDef, which TensorBoard and Netron open. */
  PB;

  /** The format a file name implies: {@code .pb}, {@code .pbtxt}, anything else a list. */
  public static GraphExport forFile(String fileName) {
    String f = fileName.toLowerCase(Locale.ROOT);
    if (f.endsWith(".pb")) {
      return PB;
    }
    return f.endsWith(".pbtxt") ? PBTXT : LIST;
  }

  public byte[] render(GraphDef def) {
    return switch (this) {
      case PB -> def.toByteArray();
      case PBTXT -> def.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      case LIST -> list(def).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    };
  }

  private static String list(GraphDef def) {
    StringBuilder b = new StringBuilder();
    for (NodeDef node : def.getNodeList()) {
      b.append(node.getName()).append(' ').append(node.getOp());
      b.append(" [").append(String.join(", ", node.getInputList())).append(']');
      AttrValue seed = node.getAttrMap().get("seed");
      AttrValue seed2 = node.getAttrMap().get("seed2");
      if (seed != null && seed2 != null) {
        b.append(" seed=").append(seed.getI()).append(" seed2=").append(seed2.getI());
      }
      b.append('\n');
    }
    return b.toString();
  }
}
