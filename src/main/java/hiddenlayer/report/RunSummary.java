package hiddenlayer.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import hiddenlayer.Versions;
import hiddenlayer.tf115.Tf115Runtime;
import hiddenlayer.train.CheckpointPlan;
import hiddenlayer.train.LoopTensors;
import hiddenlayer.train.NotebookRun;
import hiddenlayer.train.RunResult;
import hiddenlayer.train.TfRuntime;
import hiddenlayer.train.TrainConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.tensorflow.TensorFlow;

/**
 * The summary of one run as JSON: what was asked (the run's settings and outputs), the stop and
 * best epochs, the accuracies, the time per phase and the versions.
 *
 * @param config the run's configuration
 * @param lr the learning rate as given (the graph holds it as a float)
 * @param data the MNIST directory, empty for the bundled copy
 * @param outputs the files the run writes
 * @param checkpoints what the run restores and saves
 * @param quiet whether progress and timings were off
 * @param outcome the finished run, or as far as it went: the rows so far, the last epoch trained,
 *     the best epoch among those rows; a phase it did not time is NaN (written as null)
 * @param stopped why and where a run ended before its last epoch; empty for a run that finished
 *     (its JSON then has no {@code "stopped"} key)
 */
public record RunSummary(TrainConfig config, double lr, Optional<Path> data, Outputs outputs,
    CheckpointPlan checkpoints, boolean quiet, NotebookRun.Outcome outcome,
    Optional<Stopped> stopped) {

  /**
   * A run that ended early: {@code reason} {@code "diverged"} (a NaN or infinite loss), {@code
   * "terminated"} (SIGTERM) or {@code "failed"} (an error, {@code error} its one line); {@code
   * epoch} the epoch it ended in: the evaluation that diverged, else the last epoch trained.
   */
  public record Stopped(String reason, int epoch, String error) {
    public Stopped {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The output files of a run; null where none is written. */
  public record Outputs(Path csv, Path json, Path tensorboard, Path exportGraph, Path chart) {}

  public RunSummary {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(outputs, "outputs");
    Objects.requireNonNull(checkpoints, "checkpoints");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(stopped, "stopped");
  }

  /** The summary as pretty-printed JSON (nulls kept), ending in a newline. */
  public String toJson() {
    RunResult r = outcome.result();
    JsonObject o = new JsonObject();
    JsonObject opts = new JsonObject();
    opts.addProperty("norm", config.graph().normalization().cliName());
    opts.addProperty("bn_updates", config.graph().bnUpdates().cliName());
    opts.addProperty("epochs", config.epochs());
    opts.addProperty("eval_every", config.evalEvery());
    opts.addProperty("patience", config.patience());
    opts.addProperty("lr", lr);
    opts.addProperty("seed", config.graph().seed());
    opts.addProperty("data", data.map(Path::toString).orElse("bundled"));
    opts.addProperty("device", config.gpu() ? "gpu" : "cpu");
    opts.addProperty("threads", config.threads());
    opts.addProperty("runtime", config.runtime().cliName());
    if (config.metaGraph() != null) {
      opts.addProperty("meta_graph", config.metaGraph().file().toString());
      JsonObject names = new JsonObject();
      for (LoopTensors.Role role : LoopTensors.Role.values()) {
        names.addProperty(role.key(), config.metaGraph().tensors().name(role));
      }
      opts.add("tensors", names);
    }
    opts.addProperty("csv", pathOrNull(outputs.csv()));
    opts.addProperty("json", pathOrNull(outputs.json()));
    opts.addProperty("tensorboard", pathOrNull(outputs.tensorboard()));
    opts.addProperty("export_graph", pathOrNull(outputs.exportGraph()));
    opts.addProperty("chart", pathOrNull(outputs.chart()));
    opts.addProperty("save_checkpoint", checkpoints.saveTo());
    opts.addProperty("save_every", checkpoints.saveEvery());
    opts.addProperty("restore_checkpoint", checkpoints.restoreFrom());
    opts.addProperty("quiet", quiet);
    o.add("options", opts);
    o.addProperty("stop_epoch", r.stopEpoch());
    o.addProperty("best_valid_epoch", r.bestEpoch());
    o.addProperty("best_valid_accuracy", r.bestValidAccuracy());
    o.addProperty("final_test_accuracy", r.finalTestAccuracy());
    o.addProperty("eval_rows", r.rows().size());
    if (stopped.isPresent()) {
      JsonObject s = new JsonObject();
      s.addProperty("reason", stopped.get().reason());
      s.addProperty("epoch", stopped.get().epoch());
      s.addProperty("error", stopped.get().error());
      o.add("stopped", s);
    }
    NotebookRun.Phases p = outcome.phases();
    JsonObject t = new JsonObject();
    t.addProperty("native_load", msOrNull(p.nativeLoadMs()));
    t.addProperty("data", msOrNull(p.dataMs()));
    t.addProperty("graph_build", msOrNull(p.graphBuildMs()));
    t.addProperty("session_init", msOrNull(p.sessionInitMs()));
    t.addProperty("train", msOrNull(p.trainMs()));
    t.addProperty("eval", msOrNull(p.evalMs()));
    t.addProperty("total", msOrNull(p.totalMs()));
    o.add("wall_time_ms", t);
    JsonObject v = new JsonObject();
    v.addProperty("project", Versions.project());
    v.addProperty("tensorflow_java", Versions.tensorflowJava());
    v.addProperty("tensorflow", TensorFlow.version());
    v.addProperty("natives", Versions.nativeClassifier());
    if (config.runtime() == TfRuntime.TF1) {
      v.addProperty("runtime_tensorflow", Tf115Runtime.VERSION); // checked against the child's
    }
    v.addProperty("java", System.getProperty("java.version"));
    o.add("versions", v);
    return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(o) + "\n";
  }

  private static Double msOrNull(double ms) {
    return Double.isNaN(ms) ? null : ms;
  }

  private static String pathOrNull(Path p) {
    return p == null ? null : p.toString();
  }
}
