package hiddenlayer.cli;

import hiddenlayer.UserException;
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
import hiddenlayer.train.BestValidation;
import hiddenlayer.train.CheckpointPlan;
import hiddenlayer.train.DivergenceException;
import hiddenlayer.train.EvalRecord;
import hiddenlayer.train.NotebookRun;
import hiddenlayer.train.RunResult;
import hiddenlayer.train.TfRuntime;
import hiddenlayer.train.TrainConfig;
import hiddenlayer.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.concurrent.Callable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code run}: cell 5 of the notebook. stdout carries exactly what the notebook prints; progress
 * and timings go to stderr; output files appear whole, after the run, or not at all. A run that
 * ends early once it has trained (a diverged loss, a failed save, a full disk, SIGTERM) still
 * writes {@code --csv} and {@code --json}, whole, with the rows printed so far and, in the JSON,
 * why and where it stopped.
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
  @Mixin MetaGraphOptions metaGraph;

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

  /** Opens the {@code --tensorboard} log (a test may open it with failing steps). */
  BiFunction<Path, ConfigProto, TensorBoardLog> tensorBoards = TensorBoardLog::new;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    TrainConfig config = options.trainConfig(model, variant);
    checkOutputs();
    config = config.withMetaGraph(metaGraph.model()); // a bad file fails before the run
    RunOptions.require(spec, saveEvery >= 0, "--save-every must be at least 0, got " + saveEvery);
    RunOptions.require(spec, saveEvery == 0 || saveCheckpoint != null,
        "--save-every needs --save-checkpoint PREFIX");
    if (restoreCheckpoint != null) {
      CheckpointReader.open(restoreCheckpoint); // a missing or broken index fails before the run
    }
    CheckpointPlan checkpoints = new CheckpointPlan(restoreCheckpoint, saveCheckpoint, saveEvery);
    if (config.metaGraph() != null && checkpoints.any()) {
      config.metaGraph().saver(); // a file without saver_def fails before the run
    }
    TrainConfig run = config;
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GraphDef[] trained = new GraphDef[1];
    SoFar soFar = new SoFar(start);
    Thread onTerm = new Thread(() -> soFar.stop(
        new RunSummary.Stopped("terminated", soFar.lastEpoch(), null), null,
        (rows, summary) -> writePartial(run, checkpoints, rows, summary)), "run-sigterm");
    boolean hooked = csv != null || json != null;
    if (hooked) {
      Runtime.getRuntime().addShutdownHook(onTerm);
    }
    try {
      return run(run, checkpoints, out, err, trained, soFar);
    } catch (RuntimeException | Error e) {
      soFar.stop(stopped(e, soFar), e,
          (rows, summary) -> writePartial(run, checkpoints, rows, summary));
      throw e;
    } finally {
      if (hooked) {
        try {
          Runtime.getRuntime().removeShutdownHook(onTerm);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs or has run
        }
      }
    }
  }

  private Integer run(TrainConfig config, CheckpointPlan checkpoints, PrintWriter out,
      PrintWriter err, GraphDef[] trained, SoFar soFar) {
    NotebookRun.Outcome outcome;
    try (Progress progress = Progress.start(quiet, config.epochs());
        TensorBoardLog board = tensorboard == null ? null : openTensorBoard(config)) {
      soFar.begin(checkpoints.restoreFrom() == null ? 0
          : CheckpointPlan.stepOf(checkpoints.restoreFrom()));
      outcome = NotebookRun.execute(config, options.data, new Trainer.Listener() {
        @Override
        public void onEpoch(int epoch) {
          soFar.trained(epoch);
          progress.onEpoch(epoch);
        }

        @Override
        public void onEval(EvalRecord row) {
          soFar.add(row); // before it is printed: a CSV written on SIGTERM holds every printed row
          out.println(PythonFormat.row(row));
          out.flush();
          progress.onEval(row);
          if (board != null) {
            try {
              board.add(row);
            } catch (OutputException e) {
              throw new OptionException("--tensorboard", e);
            }
          }
        }

        @Override
        public void onGraph(NotebookGraph graph) {
          // On TF 1.15 the exported graph is the one it imported, handed over by onGraphDef.
          if ((exportGraph != null && config.runtime() != TfRuntime.TF1) || board != null) {
            trained[0] = graph.graph().toGraphDef();
          }
          if (board != null) {
            try {
              board.addGraph(trained[0]); // tf.summary.FileWriter(logdir, session.graph)
            } catch (OutputException e) {
              throw new OptionException("--tensorboard", e);
            }
          }
        }

        @Override
        public void onGraphDef(GraphDef imported) {
          boolean first = trained[0] == null;
          trained[0] = imported; // what TF 1.15 ran, or the file's graph
          if (board != null && first) {
            try {
              board.addGraph(imported);
            } catch (OutputException e) {
              throw new OptionException("--tensorboard", e);
            }
          }
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
    soFar.finish(() -> writeOutputs(config, checkpoints, outcome, trained[0]));
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
      return tensorBoards.apply(tensorboard, Trainer.sessionConfig(config));
    } catch (OutputException e) {
      throw new OptionException("--tensorboard", e);
    }
  }

  private String describe() {
    return (metaGraph.metaGraph == null ? model.describe(variant) : "seed=" + model.seed)
        + metaGraph.describe() + options.describeRuntime();
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
      OutputFiles.writeString(json, summary(config, checkpoints, outcome, Optional.empty()));
    }
  }

  private String summary(TrainConfig config, CheckpointPlan checkpoints,
      NotebookRun.Outcome outcome, Optional<RunSummary.Stopped> stopped) {
    return new RunSummary(config, model.lr, options.data,
        new RunSummary.Outputs(csv, json, tensorboard, exportGraph, chart), checkpoints, quiet,
        outcome, stopped).toJson();
  }

  /** {@code --csv} and {@code --json} of a run that ended early, each whole. */
  private void writePartial(TrainConfig config, CheckpointPlan checkpoints, RunResult partial,
      PartialOutcome p) {
    if (csv != null) {
      CsvLog.write(csv, partial.rows());
    }
    if (json != null) {
      OutputFiles.writeString(json, summary(config, checkpoints, p.outcome(), p.stopped()));
    }
  }

  /** Why and where {@code e} ended the run. */
  private static RunSummary.Stopped stopped(Throwable e, SoFar soFar) {
    if (e instanceof DivergenceException d) {
      return new RunSummary.Stopped("diverged", d.epoch(), UserMessages.of(d));
    }
    String error = e instanceof UserException u ? UserMessages.of(u) : String.valueOf(e);
    return new RunSummary.Stopped("failed", soFar.lastEpoch(), error);
  }

  /** The outcome of a run that stopped early and why; only the total time is known. */
  private record PartialOutcome(NotebookRun.Outcome outcome,
      Optional<RunSummary.Stopped> stopped) {}

  /** What a run has done so far, shared with the SIGTERM hook; files are written once. */
  private static final class SoFar {
    private final long start;
    private final List<EvalRecord> rows = new ArrayList<>();
    private volatile int firstEpoch;
    private volatile int epoch;
    private boolean written;

    SoFar(long start) {
      this.start = start;
    }

    /** The loop starts after {@code step} (a restored checkpoint's). */
    void begin(int step) {
      firstEpoch = step;
      epoch = step;
    }

    /** Epoch {@code e} has trained. */
    void trained(int e) {
      epoch = e;
    }

    synchronized void add(EvalRecord row) {
      rows.add(row);
    }

    int lastEpoch() {
      return epoch;
    }

    /** Writes the complete outputs, unless a stopped run's are written already. */
    synchronized void finish(Runnable write) {
      if (!written) {
        write.run();
        written = true;
      }
    }

    /**
     * Writes the outputs of the run as it stopped, once, if it trained at all: the rows so far,
     * the best of them as cell 5 keeps it ({@link BestValidation}), {@code stopped} recorded. A
     * failure to write is added to {@code cause}, which is what the user sees.
     */
    synchronized void stop(RunSummary.Stopped stopped, Throwable cause,
        java.util.function.BiConsumer<RunResult, PartialOutcome> write) {
      if (written || epoch <= firstEpoch) {
        return;
      }
      written = true;
      BestValidation best = new BestValidation();
      rows.forEach(best::offer);
      double nan = Double.NaN;
      RunResult partial = best.result(rows, epoch, new RunResult.Timings(nan, nan, nan, nan));
      NotebookRun.Phases phases = new NotebookRun.Phases(nan, nan, nan, nan, nan, nan,
          (System.nanoTime() - start) / 1e6);
      try {
        write.accept(partial, new PartialOutcome(new NotebookRun.Outcome(partial, phases),
            Optional.of(stopped)));
      } catch (RuntimeException e) {
        if (cause == null) {
          throw e;
        }
        cause.addSuppressed(e);
      }
    }
  }
}
