package hiddenlayer.graph;

import hiddenlayer.tf1.MetaGraphExport;
import java.util.Locale;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * The GraphDef for inspection: a node list to diff, protobuf text, or the binary .pb; or the
 * graph's MetaGraphDef ({@link #META}).
 */
public enum GraphExport {
  /** One node per line: name, op, inputs, and the seeds of random ops. */
  LIST,
  /** Protobuf text format. */
  PBTXT,
  /** Binary GraphDef, which TensorBoard and Netron open. */
  PB,
  /**
   * Binary MetaGraphDef of the whole graph with its collections, as {@code
   * tf.train.export_meta_graph()} writes it ({@link NotebookGraph#metaGraphDef()}, {@link
   * #render(MetaGraphDef)}); {@code tf.train.import_meta_graph} reads it.
   */
  META;

  /** The format a file name implies: {@code .pb}, {@code .pbtxt}, anything else a list. */
  public static GraphExport forFile(String fileName) {
    String f = fileName.toLowerCase(Locale.ROOT);
    if (f.endsWith(".pb")) {
      return PB;
    }
    return f.endsWith(".pbtxt") ? PBTXT : LIST;
  }

  /** The GraphDef in this format; {@link #META} needs the graph ({@link #render(MetaGraphDef)}). */
  public byte[] render(GraphDef def) {
    return switch (this) {
      case PB -> def.toByteArray();
      case PBTXT -> def.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      case LIST -> list(def).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      case META -> throw new IllegalStateException("a MetaGraphDef is made from the graph");
    };
  }

  /** The bytes of a {@code .meta} file ({@code graph_io.write_graph(..., as_text=False)}). */
  public static byte[] render(MetaGraphDef meta) {
    return MetaGraphExport.toBytes(meta);
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
