package hiddenlayer.cli;

import hiddenlayer.report.FourWayReport;
import hiddenlayer.report.FourWayReport.Config;
import hiddenlayer.train.NotebookRun;
import hiddenlayer.train.RunResult;
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
 * BN with its update ops collected, LN, none), one after another, into a report directory.
 * stdout: the summary table; stderr: progress.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Runs the notebook four times: BN as the notebook ran it (norm=batch, "
        + "bn-updates=keras), BN with its update ops collected (batch, collected), LN (layer) "
        + "and no normalisation (none); the other run options apply to all four.",
        "Writes DIR/report.md (table and what the two BN rows mean), DIR/curves.png (test "
            + "accuracy of all four) and DIR/batch-keras.csv, DIR/batch-collected.csv, "
            + "DIR/layer.csv, DIR/none.csv; prints the table on stdout."})
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
    OutputPaths.checkDirectory(spec, out, "--out");
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<Config, FourWayReport.Run> runs = new EnumMap<>(Config.class);
    int i = 0;
    for (Config c : Config.values()) {
      i++;
      TrainConfig config = base.withGraph(
          base.graph().withNormalization(c.normalization()).withBnUpdates(c.bnUpdates()));
      if (!quiet) {
        err.printf(Locale.ROOT, "[%d/4] %s (norm=%s%s)%n", i, c.label(),
            c.normalization().cliName(),
            c.key().startsWith("batch") ? " bn-updates=" + c.bnUpdates().cliName() : "");
        err.flush();
      }
      NotebookRun.Outcome outcome;
      try (Progress progress =
          Progress.start(quiet, config.epochs())) {
        outcome = runner.run(config, options.data, progress);
      }
      RunResult r = outcome.result();
      double wallMs = outcome.phases().totalMs() - outcome.phases().nativeLoadMs();
      if (!quiet) {
        err.printf(Locale.ROOT, "      stopped at epoch %d; best valid epoch %d; %.1f s%n",
            r.stopEpoch(), r.bestEpoch(), wallMs / 1000);
        err.flush();
      }
      runs.put(c, new FourWayReport.Run(r, wallMs));
    }
    FourWayReport report = new FourWayReport(runs.get(Config.BN_KERAS),
        runs.get(Config.BN_COLLECTED), runs.get(Config.LAYER), runs.get(Config.NONE),
        settings(base));
    report.write(out);
    stdout.print(report.table());
    stdout.flush();
    if (!quiet) {
      err.println("wrote " + out.resolve(FourWayReport.MARKDOWN) + ", "
          + FourWayReport.CHART + " and four CSVs");
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
