package hiddenlayer.cli;

import hiddenlayer.graph.GraphExport;
import hiddenlayer.graph.GraphFiles;
import hiddenlayer.graph.GraphListing;
import hiddenlayer.graph.NotebookGraph;
import hiddenlayer.report.OutputFiles;
import hiddenlayer.tf1.gradients.GradientBuilder;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.tensorflow.proto.GraphDef;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code graph}: the notebook's GraphDef, to read or to diff against the Python graph. */
@Command(name = "graph", mixinStandardHelpOptions = true,
    description = "Prints or writes the notebook's graph (cells 1 to 4), or a TF1 graph file's, "
        + "as a GraphDef.")
public final class GraphCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin VariantOptions variant;
  @Mixin ModelOptions model;

  @Option(names = "--format", paramLabel = "list|pbtxt|pb|meta", defaultValue = "list",
      description = "list: one node per line (name, op, inputs, seeds of random ops); pbtxt: "
          + "protobuf text; pb: binary GraphDef for TensorBoard or Netron; meta: binary "
          + "MetaGraphDef with the graph's collections, as tf.train.export_meta_graph() writes "
          + "it after cell 4, for tf.train.import_meta_graph (default: list)")
  String format = "list";

  @Option(names = "--out", paramLabel = "FILE", description = "write to FILE instead of stdout")
  Path out;

  @Option(names = "--from", paramLabel = "FILE",
      description = "the graph of FILE instead of the notebook's: a TF1 GraphDef (.pb, "
          + ".pbtxt), MetaGraphDef (.meta, binary or text) or SavedModel (its directory or "
          + "saved_model.pb[txt]; the meta graph tagged serve); the content decides the kind")
  Path from;

  @Option(names = "--diff", paramLabel = "FILE",
      description = "compare FILE, a node list (e.g. from resources/notebook/graph_listing.py "
          + "run on a TF1 graph) or a graph file as --from reads, with this graph outside gradients/ (the whole graph with "
          + "--gradients tf1): the first node that differs and the counts; exit 1 when they "
          + "differ")
  Path diff;

  @Override
  public Integer call() {
    GraphExport export;
    try {
      export = GraphExport.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--format must be list, pbtxt, pb or meta, got '" + format + "'");
    }
    if ((export == GraphExport.PB || export == GraphExport.META) && out == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--format " + format + " is binary: give --out FILE");
    }
    if (export == GraphExport.META && from != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--format meta exports the notebook's graph with its collections: it does not take "
              + "--from");
    }
    if (diff != null && (export != GraphExport.LIST || out != null)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--diff compares node lists: it takes neither --format " + format + " nor --out");
    }
    if (diff != null && from != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--diff compares with the notebook's graph: it does not take --from");
    }
    if (diff != null) {
      return diff();
    }
    if (out != null) {
      OutputPaths.usage(spec, "--out " + out, () -> OutputFiles.checkWritable(out));
    }
    byte[] bytes;
    if (from != null) {
      bytes = export.render(GraphFiles.read(from).graph());
    } else {
      try (NotebookGraph g = NotebookGraph.build(model.graphConfig(variant))) {
        bytes = export == GraphExport.META ? GraphExport.render(g.metaGraphDef())
            : export.render(g.graph().toGraphDef());
      }
    }
    if (out != null) {
      OutputFiles.write(out, o -> o.write(bytes));
    } else {
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.print(new String(bytes, StandardCharsets.UTF_8));
      stdout.flush();
    }
    return 0;
  }

  /** {@code --diff FILE}: FILE is the expected side, this graph the actual one. */
  private int diff() {
    // With TF1's own gradient builder the gradient subgraph is compared too.
    boolean whole = model.gradients == GradientBuilder.TF1;
    // A graph file is listed as graph prints it; UTF-8 text that is no graph is a listing.
    java.util.Optional<GraphFiles.Read> read = GraphFiles.probe(diff);
    GraphListing expected = read
        .map(r -> GraphListing.parse(list(r.graph()), diff.toString(), whole))
        .orElseGet(() -> GraphListing.read(diff, whole));
    // A MetaGraphDef with a saver_def was exported after saver = tf.train.Saver() (Saver.save's
    // .meta): this graph gets its Saver too, so that its save/ nodes are compared as well.
    boolean withSaver = read.map(r -> r.kind() == GraphFiles.Kind.META_GRAPH_DEF
        && r.metaGraph() != null && r.metaGraph().hasSaverDef()).orElse(false);
    GraphListing actual;
    try (NotebookGraph g = NotebookGraph.build(model.graphConfig(variant))) {
      if (withSaver) {
        g.saver();
      }
      actual = GraphListing.parse(list(g.graph().toGraphDef()), "the graph", whole);
    }
    GraphListing.Comparison c = expected.compare(actual);
    PrintWriter stdout = spec.commandLine().getOut();
    String name = diff.toString();
    stdout.printf(Locale.ROOT, "%s: %s has %d nodes, this graph %d; by name %d equal, "
        + "%d differ, %d only in %s, %d only in this graph%n",
        whole ? "whole graph" : "outside " + GraphListing.GRADIENTS, name,
        expected.nodes().size(), actual.nodes().size(), c.equal(), c.differ(), c.onlyExpected(),
        name, c.onlyActual());
    stdout.println(c.describeFirst(name, "this graph")
        .orElse(whole ? "the listings agree node for node"
            : "the listings agree node for node (inputs under " + GraphListing.GRADIENTS
                + " compared as gradients/...)"));
    stdout.flush();
    return c.same() ? 0 : 1;
  }

  private static String list(GraphDef def) {
    return new String(GraphExport.LIST.render(def), StandardCharsets.UTF_8);
  }
}
