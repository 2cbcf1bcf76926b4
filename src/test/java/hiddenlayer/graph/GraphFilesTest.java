package hiddenlayer.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * {@link GraphFiles} on files TF1 wrote (see {@code tf-testdata/README.md}): each is read as the
 * kind its writer made, whatever its name, and its graph holds what TensorFlow's own GraphDef
 * import ({@link Graph#importGraphDef}) finds in it: the same nodes, op types, inputs in order
 * and control inputs.
 */
class GraphFilesTest {
  static Path testdata(String name) {
    try {
      return Path.of(GraphFilesTest.class.getResource("/hiddenlayer/graph/tf-testdata/" + name)
          .toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest(name = "{0}: {1}, text {2}, {3} nodes")
  @CsvSource({
      // tensorflow/cc/saved_model: reader_test.cc reads the meta graph tagged serve
      "half_plus_two, SAVED_MODEL, false, 65",
      "half_plus_two/saved_model.pb, SAVED_MODEL, false, 65",
      "half_plus_two_pbtxt, SAVED_MODEL, true, 65",
      // Saver.save's MetaGraphDef
      "embedding.ckpt.meta, META_GRAPH_DEF, false, 22",
      // tf.train.export_meta_graph(as_text=True), named .pb by the test that wrote it
      "metrics_export_meta_graph.pb, META_GRAPH_DEF, true, 35",
      // a binary GraphDef (tf.train.write_graph(as_text=False))
      "multi_add.pb, GRAPH_DEF, false, 7"})
  void readsWhatTheWriterWroteAsTensorFlowImportsIt(String name, GraphFiles.Kind kind,
      boolean text, int nodes) {
    GraphFiles.Read read = GraphFiles.read(testdata(name));
    assertEquals(kind, read.kind());
    assertEquals(text, read.text());
    assertEquals(nodes, read.graph().getNodeCount());
    assertEquals(imported(read.graph()), declared(read.graph()));
  }

  /** Each node as TensorFlow's import makes it: name, op, data inputs, control inputs sorted. */
  private static TreeSet<String> imported(GraphDef def) {
    TreeSet<String> nodes = new TreeSet<>();
    try (Graph g = new Graph()) {
      g.importGraphDef(def);
      for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        List<String> inputs = new ArrayList<>();
        for (Operand<?> in : op.inputs()) {
          Output<?> o = in.asOutput();
          inputs.add(o.index() == 0 ? o.op().name() : o.op().name() + ":" + o.index());
        }
        TreeSet<String> control = new TreeSet<>();
        op.controlInputs().forEach(c -> control.add("^" + c.name()));
        nodes.add(op.name() + " " + op.type() + " " + inputs + " " + control);
      }
    }
    return nodes;
  }

  /** Each node as the GraphDef read declares it, in the same form. */
  private static TreeSet<String> declared(GraphDef def) {
    TreeSet<String> nodes = new TreeSet<>();
    for (NodeDef n : def.getNodeList()) {
      List<String> inputs = new ArrayList<>();
      TreeSet<String> control = new TreeSet<>();
      for (String in : n.getInputList()) {
        if (in.startsWith("^")) {
          control.add(in);
        } else {
          inputs.add(in.endsWith(":0") ? in.substring(0, in.length() - 2) : in);
        }
      }
      nodes.add(n.getName() + " " + n.getOp() + " " + inputs + " " + control);
    }
    return nodes;
  }

  @Test
  void aTextGraphDefOfAnOlderTensorFlowIsReadAsText() {
    // Today's runtime no longer imports its ParseExample (a rank-0 input it now rejects), so
    // GraphCommandFromTest checks its listing against graph_listing.py instead.
    GraphFiles.Read read = GraphFiles.read(testdata("parse_example_graph_def.pbtxt"));
    assertEquals(GraphFiles.Kind.GRAPH_DEF, read.kind());
    assertTrue(read.text());
    // example_parser_configuration_test.cc looks up this node
    assertTrue(read.graph().getNodeList().stream().anyMatch(
        n -> n.getName().equals("ParseExample/ParseExample") && n.getOp().equals("ParseExample")));
  }

  @ParameterizedTest
  @CsvSource({"half_plus_two", "half_plus_two_pbtxt"})
  void halfPlusTwoIsYEqualsAXPlusB(String dir) {
    // y = a * x + b, x parsed from a tf.Example (the half-plus-two model of TF's SavedModel
    // tests); loader_test.cc fetches filename_tensor:0, its asset's file name.
    String listing = new String(GraphExport.LIST.render(GraphFiles.read(testdata(dir)).graph()),
        StandardCharsets.UTF_8);
    for (String line : List.of("a VariableV2 []", "b VariableV2 []",
        "x Identity [ParseExample/ParseExample]", "Mul Mul [a/read, x]", "y Add [Mul, b/read]",
        "filename_tensor VariableV2 []")) {
      assertTrue(listing.contains("\n" + line + "\n"), line + " in\n" + listing);
    }
  }
}
