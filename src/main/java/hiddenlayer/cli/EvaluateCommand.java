package hiddenlayer.cli;

import hiddenlayer.TensorFlowNatives;
import hiddenlayer.data.MnistData;
import hiddenlayer.data.NotebookSplit;
import hiddenlayer.report.PythonFormat;
import hiddenlayer.tf1.checkpoint.CheckpointReader;
import hiddenlayer.tf1.savedmodel.SavedModelFiles;
import hiddenlayer.train.EvalRecord;
import hiddenlayer.train.SavedModelEvaluation;
import hiddenlayer.train.TfRuntime;
import hiddenlayer.train.TrainConfig;
import hiddenlayer.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate PREFIX}: a checkpoint's variables (the notebook's trained weights, or a Java
 * run's) restored into the Java graph and evaluated as cell 5 does, {@code training = False}.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Restores every variable of the graph from a TF1 checkpoint and prints one "
        + "row in the notebook's format: epoch (the checkpoint's global step, or 0), "
        + "train/valid/test loss and accuracy with training=False.",
        "With --meta-graph FILE the graph is the file's, restored through its saver_def."})
public final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin VariantOptions variant;
  @Mixin ModelOptions model;
  @Mixin MetaGraphOptions metaGraph;

  @Parameters(paramLabel = "PREFIX", arity = "0..1",
      description = "the checkpoint, e.g. ckpt/notebook-160")
  String prefix;

  @Option(names = "--saved-model", paramLabel = "DIR",
      description = "instead of PREFIX: a SavedModel saved-model export wrote, loaded by "
          + "TensorFlow's own loader (TF 2.18's, or TF 1.15's with --runtime tf1) and run "
          + "through its evaluate signature; the epoch is its checkpoint's global step")
  Optional<Path> savedModel = Optional.empty();

  @Option(names = "--data", paramLabel = "PATH",
      description = "MNIST: a directory of the four IDX files (.gz or raw) or a Keras "
          + "mnist.npz (default: the bundled copy)")
  Optional<Path> data = Optional.empty();

  @Option(names = "--runtime", paramLabel = "tf2|tf1", defaultValue = "tf2",
      converter = RunOptions.RuntimeConverter.class,
      description = "tf2 (default): TensorFlow Java 1.1.0 (TF 2.18) in this JVM; tf1: TF 1.15.0's "
          + "own runtime in a child JVM")
  TfRuntime runtime = TfRuntime.TF2;

  /** The options that choose or build the graph, which a SavedModel already holds. */
  private static final java.util.List<String> SAVED_MODEL_GRAPH_OPTIONS = java.util.List.of(
      "--meta-graph", "--tensors", "--norm", "--bn-updates", "--lr", "--gradients");

  @Override
  public Integer call() {
    RunOptions.require(spec, (prefix == null) != savedModel.isEmpty(),
        "give either PREFIX or --saved-model DIR");
    if (savedModel.isPresent()) {
      RunOptions.requireAbsent(spec, SAVED_MODEL_GRAPH_OPTIONS,
          "--saved-model: the SavedModel's graph is evaluated as it is");
      return evaluateSavedModel(savedModel.get());
    }
    TrainConfig config = TrainConfig.notebook().withGraph(model.graphConfig(variant))
        .withRuntime(runtime).withMetaGraph(metaGraph.model());
    if (config.metaGraph() != null) {
      config.metaGraph().saver(); // a file without saver_def cannot restore
    }
    CheckpointReader.open(prefix); // a missing or broken index fails before the data loads
    NotebookSplit split = NotebookSplit.of(MnistData.load(data), config.graph().seed());
    TensorFlowNatives.load();
    EvalRecord row = Trainer.evaluateCheckpoint(config, split, prefix);
    PrintWriter out = spec.commandLine().getOut();
    out.println(PythonFormat.row(row));
    out.flush();
    return 0;
  }

  private int evaluateSavedModel(Path dir) {
    SavedModelFiles.read(dir); // not a SavedModel: fails before the data loads
    NotebookSplit split = NotebookSplit.of(MnistData.load(data), model.graphConfig(variant).seed());
    TensorFlowNatives.load();
    EvalRecord row = runtime == TfRuntime.TF1 ? SavedModelEvaluation.evaluateTf115(dir, split)
        : SavedModelEvaluation.evaluate(dir, split);
    PrintWriter out = spec.commandLine().getOut();
    out.println(PythonFormat.row(row));
    out.flush();
    return 0;
  }
}
