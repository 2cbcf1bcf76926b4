package hiddenlayer.cli;

import hiddenlayer.report.FourWayReport;
import hiddenlayer.report.FourWayReport.Config;
import hiddenlayer.train.NotebookRun;
import hiddenlayer.train.RunResult;
import hiddenlayer.train.TfRuntime;
import hiddenlayer.train.TrainConfig;
import hiddenlayer.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code report --out DIR}: the notebook under four normalisations (BN as the notebook ran it,
 * BN with its update ops collected, LN, none), each on TF 2.18 and on TF 1.15's runtime, one
 * after another, into a report directory. stdout: the two summary tables; stderr: progress.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Runs the notebook four times: BN as the notebook ran it (norm=batch, "
        + "bn-updates=keras), BN with its update ops collected (batch, collected), LN (layer) "
        + "and no normalisation (none), each on TF 2.18 (this JVM) and on TF 1.15.0's own "
        + "runtime; the other run options apply to all eight.",
        "Writes DIR/report.md (tables, what the two BN rows mean, the cells where TF 1.15 and "
            + "TF 2.18 differ), DIR/curves.png (test accuracy of all four on TF 2.18) and "
            + "DIR/batch-keras.csv, DIR/batch-collected.csv, DIR/layer.csv, DIR/none.csv "
            + "(TF 2.18) and the same with -tf1 (TF 1.15); prints both tables on stdout."})
public final class ReportCommand implements Callable<Integer> {
  /** Runs one configuration; {@link NotebookRun#execute} outside of tests. */
  @FunctionalInterface
  interface Runner {
    NotebookRun.Outcome run(TrainConfig config, Optional<Path> data, Trainer.Listener listener);
  }

  @Spec CommandSpec spec;
  @Mixin ModelOptions model;
  @Mixin RunOptions options;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "the report directory; created if missing (its parent must exist)")
  Path out;

  @Option(names = "--quiet", description = "no progress on stderr")
  boolean quiet;

  Runner runner = NotebookRun::execute;

  @Override
  public Integer call() {
    TrainConfig base = options.trainConfig(model, null);
    RunOptions.require(spec, spec.commandLine().getParseResult() == null
        || !spec.commandLine().getParseResult().hasMatchedOption("--runtime"),
        "--runtime does not apply: report runs every configuration on both runtimes");
    OutputPaths.checkDirectory(spec, out, "--out");
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<TfRuntime, Map<Config, FourWayReport.Run>> runs = new EnumMap<>(TfRuntime.class);
    int total = Config.values().length * TfRuntime.values().length;
    int i = 0;
    for (Config c : Config.values()) {
      for (TfRuntime runtime : TfRuntime.values()) {
        i++;
        TrainConfig config = base.withRuntime(runtime).withGraph(
            base.graph().withNormalization(c.normalization()).withBnUpdates(c.bnUpdates()));
        if (!quiet) {
          err.printf(Locale.ROOT, "[%d/%d] %s (norm=%s%s) on %s%n", i, total, c.label(),
              c.normalization().cliName(),
              c.key().startsWith("batch") ? " bn-updates=" + c.bnUpdates().cliName() : "",
              runtime.label());
          err.flush();
        }
        NotebookRun.Outcome outcome;
        try (Progress progress = Progress.start(quiet, config.epochs())) {
          outcome = runner.run(config, options.data, progress);
        }
        RunResult r = outcome.result();
        double wallMs = outcome.phases().totalMs() - outcome.phases().nativeLoadMs();
        if (!quiet) {
          err.printf(Locale.ROOT, "      stopped at epoch %d; best valid epoch %d; %.1f s%n",
              r.stopEpoch(), r.bestEpoch(), wallMs / 1000);
          err.flush();
        }
        runs.computeIfAbsent(runtime, k -> new EnumMap<>(Config.class))
            .put(c, new FourWayReport.Run(r, wallMs));
      }
    }
    FourWayReport report = new FourWayReport(runs.get(TfRuntime.TF2), settings(base))
        .withTf1(runs.get(TfRuntime.TF1));
    report.write(out);
    stdout.print(report.table());
    stdout.println();
    stdout.print(report.tf1Table());
    stdout.flush();
    if (!quiet) {
      err.println("wrote " + out.resolve(FourWayReport.MARKDOWN) + ", "
          + FourWayReport.CHART + " and eight CSVs");
      err.flush();
    }
    return 0;
  }

  private String settings(TrainConfig c) {
    return String.format(Locale.ROOT, "at most %d epochs, evaluation every %d, patience %d, "
            + "Adam lr %s, seed %d, data %s, threads %s, device %s",
        c.epochs(), c.evalEvery(), c.patience(), model.lr, c.graph().seed(),
        options.data.map(Path::toString).orElse("bundled"),
        c.threads() == 0 ? "TensorFlow's choice" : String.valueOf(c.threads()), options.device);
  }
}
