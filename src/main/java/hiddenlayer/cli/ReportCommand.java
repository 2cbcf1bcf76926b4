package hiddenlayer.cli;

import hiddenlayer.graph.Normalization;
import hiddenlayer.graph.Variant;
import hiddenlayer.report.ConfigurationGrid;
import hiddenlayer.report.FourWayReport;
import hiddenlayer.train.NotebookRun;
import hiddenlayer.train.TrainConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
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
  @Spec CommandSpec spec;
  @Mixin ModelOptions model;
  @Mixin RunOptions options;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "the report directory; created if missing (its parent must exist)")
  Path out;

  @Option(names = "--quiet", description = "no progress on stderr")
  boolean quiet;

  ConfigurationGrid.Runner runner = NotebookRun::execute;

  @Override
  public Integer call() {
    TrainConfig base = options.trainConfig(model, null);
    RunOptions.require(spec, spec.commandLine().getParseResult() == null
        || !spec.commandLine().getParseResult().hasMatchedOption("--runtime"),
        "--runtime does not apply: report runs every configuration on both runtimes");
    OutputPaths.checkDirectory(spec, out, "--out");
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConfigurationGrid.Runs runs = ConfigurationGrid.run(base, options.data, runner,
        new ConfigurationGrid.Observer() {
          @Override
          public ConfigurationGrid.RunListener starting(ConfigurationGrid.Cell c) {
            if (!quiet) {
              Variant v = c.variant();
              err.printf(Locale.ROOT, "[%d/%d] %s (norm=%s%s) on %s%n", c.index(), c.total(),
                  FourWayReport.label(v), v.normalization().cliName(),
                  v.normalization() == Normalization.BATCH
                      ? " bn-updates=" + v.bnUpdates().cliName() : "",
                  c.runtime().label());
              err.flush();
            }
            return Progress.start(quiet, c.config().epochs());
          }

          @Override
          public void finished(ConfigurationGrid.Cell c, FourWayReport.Run run) {
            if (!quiet) {
              err.printf(Locale.ROOT, "      stopped at epoch %d; best valid epoch %d; %.1f s%n",
                  run.result().stopEpoch(), run.result().bestEpoch(), run.wallMs() / 1000);
              err.flush();
            }
          }
        });
    FourWayReport report = FourWayReport.of(runs,
        FourWayReport.settings(base, model.lr, options.data));
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
}
