package hiddenlayer.cli;

import hiddenlayer.train.LoopTensors;
import hiddenlayer.train.MetaGraphModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --meta-graph FILE} and {@code --tensors}: run cell 5's loop on the graph of a
 * MetaGraphDef that TF1's Python exported instead of building the notebook's. Shared by run,
 * compare --run and evaluate.
 */
public final class MetaGraphOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--meta-graph", paramLabel = "FILE",
      description = "train the graph of this MetaGraphDef (binary or text, as Saver.save's .meta "
          + "or tf.train.export_meta_graph writes it, or a SavedModel) instead of building the "
          + "notebook's: its tensors found by their names in the notebook's graph, the train op "
          + "from its train_op collection, its variables initialised from its variables "
          + "collection, checkpoints through its saver_def")
  Path metaGraph;

  @Option(names = "--tensors", paramLabel = "NAME=TENSOR", split = ",",
      description = "with --meta-graph, the graph's names for the loop's tensors, e.g. "
          + "x=input:0,train_op=Adam (defaults: x=Placeholder, y=Placeholder_1, "
          + "training=Placeholder_2, loss=Mean, accuracy=truediv, train_op= the one op of the "
          + "train_op collection)")
  Map<String, String> tensors = new LinkedHashMap<>();

  /** The options that build the notebook's graph, which a MetaGraphDef's graph already is. */
  private static final List<String> GRAPH_OPTIONS = List.of("--norm", "--bn-updates", "--lr",
      "--gradients");

  /**
   * The file's graph, read and its tensors found, or null without {@code --meta-graph}; a
   * usage error for {@code --tensors} alone, an unknown name, or an option that builds the
   * notebook's graph.
   */
  MetaGraphModel model() {
    if (metaGraph == null) {
      RunOptions.require(spec, tensors.isEmpty(), "--tensors needs --meta-graph FILE");
      return null;
    }
    RunOptions.requireAbsent(spec, GRAPH_OPTIONS,
        "--meta-graph: the file's graph is trained as it is");
    RunOptions.require(spec, !"gpu".equals(matchedValue("--device")),
        "--device gpu does not apply with --meta-graph: the file's graph keeps its own devices");
    Map<LoopTensors.Role, String> names = new EnumMap<>(LoopTensors.Role.class);
    for (Map.Entry<String, String> e : tensors.entrySet()) {
      LoopTensors.Role role = Arrays.stream(LoopTensors.Role.values())
          .filter(r -> r.key().equals(e.getKey())).findFirst().orElse(null);
      RunOptions.require(spec, role != null, "--tensors: '" + e.getKey() + "' is not one of "
          + String.join(", ", Arrays.stream(LoopTensors.Role.values())
              .map(LoopTensors.Role::key).toList()));
      RunOptions.require(spec, !e.getValue().isBlank(), "--tensors " + e.getKey()
          + "= needs a name");
      names.put(role, e.getValue());
    }
    return MetaGraphModel.read(metaGraph, names);
  }

  /** {@code " meta-graph=FILE"} with --meta-graph, nothing without. */
  String describe() {
    return metaGraph == null ? "" : " meta-graph=" + metaGraph;
  }

  private boolean matched(String name) {
    return spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption(name);
  }

  private String matchedValue(String name) {
    if (!matched(name)) {
      return null;
    }
    return String.valueOf(spec.commandLine().getParseResult().matchedOption(name).getValue());
  }
}
