package hiddenlayer.cli;

import hiddenlayer.graph.GraphExport;
import hiddenlayer.graph.NotebookGraph;
import hiddenlayer.report.Charts;
import hiddenlayer.report.CsvLog;
import hiddenlayer.report.OutputException;
import hiddenlayer.report.OutputFiles;
import hiddenlayer.report.PythonFormat;
import hiddenlayer.report.RunLog;
import hiddenlayer.report.RunSummary;
import hiddenlayer.report.TensorBoardLog;
import hiddenlayer.tf1.checkpoint.CheckpointReader;
import hiddenlayer.train.CheckpointPlan;
import hiddenlayer.train.EvalRecord;
import hiddenlayer.train.NotebookRun;
import hiddenlayer.train.RunResult;
import hiddenlayer.train.TfRuntime;
import hiddenlayer.train.TrainConfig;
import hiddenlayer.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tensorflow.proto.GraphDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code run}: cell 5 of the notebook. stdout carries exactly what the notebook prints; progress
 * and timings go to stderr; output files appear whole, after the run, or not at all.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs the notebook end to end: the 1100 images, the graph, the training loop.",
        "stdout: one row per evaluation (epoch, train/valid/test loss, train/valid/test "
            + "accuracy), then the final test accuracy, as the notebook prints them."})
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin VariantOptions variant;
  @Mixin ModelOptions model;
  @Mixin RunOptions options;

  @Option(names = "--csv", paramLabel = "FILE", description = "one row per evaluation, full precision")
  Path csv;

  @Option(names = "--json", paramLabel = "FILE",
      description = "summary: options, stop and best epochs, accuracies, time per phase, versions")
  Path json;

  @Option(names = "--tensorboard", paramLabel = "DIR",
      description = "TensorBoard event files (tags loss/train, accuracy/valid, ...) and the "
          + "graph, as tf.summary.FileWriter(DIR, session.graph)")
  Path tensorboard;

  @Option(names = "--export-graph", paramLabel = "FILE",
      description = "the GraphDef: FILE.pb binary, FILE.pbtxt text, anything else a node list")
  Path exportGraph;

  @Option(names = "--chart", paramLabel = "FILE.png", description = "loss and accuracy curves")
  Path chart;

  @Option(names = "--quiet", description = "no progress bar and no timings on stderr")
  boolean quiet;

  @Option(names = "--save-checkpoint", paramLabel = "PREFIX",
      description = "TF1 checkpoints, as saver.save(session, PREFIX, global_step=epoch): "
          + "PREFIX-0 after initialisation, PREFIX-E after the last epoch E, and the "
          + "'checkpoint' state file beside them (the last 5 are kept, as tf.train.Saver does)")
  String saveCheckpoint;

  @Option(names = "--save-every", paramLabel = "N", defaultValue = "0",
      description = "with --save-checkpoint, also save every N epochs")
  int saveEvery;

  @Option(names = "--restore-checkpoint", paramLabel = "PREFIX",
      description = "after initialisation, restore every variable from the TF1 checkpoint "
          + "PREFIX (saver.restore); for PREFIX-N the loop goes on at epoch N+1")
  String restoreCheckpoint;

  @Override
  public Integer call() {
    TrainConfig config = options.trainConfig(model, variant);
    checkOutputs();
    RunOptions.require(spec, saveEvery >= 0, "--save-every must be at least 0, got " + saveEvery);
    RunOptions.require(spec, saveEvery == 0 || saveCheckpoint != null,
        "--save-every needs --save-checkpoint PREFIX");
    if (restoreCheckpoint != null) {
      CheckpointReader.open(restoreCheckpoint); // a missing or broken index fails before the run
    }
    CheckpointPlan checkpoints = new CheckpointPlan(restoreCheckpoint, saveCheckpoint, saveEvery);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GraphDef[] trained = new GraphDef[1];
    NotebookRun.Outcome outcome;
    try (Progress progress = Progress.start(quiet, config.epochs());
        TensorBoardLog board = tensorboard == null ? null : openTensorBoard(config)) {
      outcome = NotebookRun.execute(config, options.data, new Trainer.Listener() {
        @Override
        public void onEpoch(int epoch) {
          progress.onEpoch(epoch);
        }

        @Override
        public void onEval(EvalRecord row) {
          out.println(PythonFormat.row(row));
          out.flush();
          progress.onEval(row);
          if (board != null) {
            board.add(row);
          }
        }

        @Override
        public void onGraph(NotebookGraph graph) {
          // On TF 1.15 the exported graph is the one it imported, handed over by onGraphDef.
          if ((exportGraph != null && config.runtime() != TfRuntime.TF1) || board != null) {
            trained[0] = graph.graph().toGraphDef();
          }
          if (board != null) {
            board.addGraph(trained[0]); // tf.summary.FileWriter(logdir, session.graph)
          }
        }

        @Override
        public void onGraphDef(GraphDef imported) {
          trained[0] = imported; // what TF 1.15 ran
        }
      }, checkpoints);
      out.println(PythonFormat.repr(outcome.result().finalTestAccuracy()));
      out.flush();
      if (board != null) {
        try {
          board.commit();
        } catch (OutputException e) {
          throw new OptionException("--tensorboard", e);
        }
      }
    }
    writeOutputs(config, checkpoints, outcome, trained[0]);
    if (!quiet) {
      NotebookRun.Phases p = outcome.phases();
      err.printf("stopped at epoch %d; best valid epoch %d; %.2f s (native load %.0f ms, data "
              + "%.0f ms, graph %.0f ms, init %.0f ms, train %.0f ms, evals %.0f ms)%n",
          outcome.result().stopEpoch(), outcome.result().bestEpoch(), p.totalMs() / 1000,
          p.nativeLoadMs(), p.dataMs(), p.graphBuildMs(), p.sessionInitMs(), p.trainMs(),
          p.evalMs());
    }
    return 0;
  }

  private TensorBoardLog openTensorBoard(TrainConfig config) {
    try {
      return new TensorBoardLog(tensorboard, Trainer.sessionConfig(config));
    } catch (OutputException e) {
      throw new OptionException("--tensorboard", e);
    }
  }

  private String describe() {
    return model.describe(variant) + options.describeRuntime();
  }

  /** Fails before any work if an output could not be written afterwards. */
  private void checkOutputs() {
    OutputPaths.checkFile(spec, csv, "--csv");
    OutputPaths.checkFile(spec, json, "--json");
    OutputPaths.checkFile(spec, exportGraph, "--export-graph");
    OutputPaths.checkFile(spec, chart, "--chart");
    OutputPaths.checkDirectory(spec, tensorboard, "--tensorboard");
    OutputPaths.checkPrefix(spec, saveCheckpoint, "--save-checkpoint");
  }

  private void writeOutputs(TrainConfig config, CheckpointPlan checkpoints,
      NotebookRun.Outcome outcome, GraphDef trained) {
    RunResult r = outcome.result();
    if (csv != null) {
      CsvLog.write(csv, r.rows());
    }
    if (exportGraph != null) {
      byte[] bytes = GraphExport.forFile(exportGraph.toString()).render(trained);
      OutputFiles.write(exportGraph, o -> o.write(bytes));
    }
    if (chart != null) {
      Charts.writeCurves(chart, "Java: " + describe(), RunLog.of(r.rows()),
          Optional.empty(), 1200, 500);
    }
    if (json != null) {
      OutputFiles.writeString(json, new RunSummary(config, model.lr, options.data,
          new RunSummary.Outputs(csv, json, tensorboard, exportGraph, chart), checkpoints, quiet,
          outcome).toJson());
    }
  }
}
