package hiddenlayer.cli;

import hiddenlayer.report.Charts;
import hiddenlayer.report.Comparison;
import hiddenlayer.report.ComparisonText;
import hiddenlayer.report.RunLog;
import hiddenlayer.train.EvalRecord;
import hiddenlayer.train.NotebookRun;
import hiddenlayer.train.RunResult;
import hiddenlayer.train.TrainConfig;
import hiddenlayer.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code compare EXPECTED ACTUAL} or {@code compare EXPECTED --run [run options]}: the Python
 * notebook's printed rows against the Java port's, cell by cell at the notebook's four
 * decimals; with {@code --run} the Java side is computed now instead of read from a log. Exit 0
 * if they match within the tolerance, 1 if not (or if a log cannot be read), 2 on a usage
 * error.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Compares the eval rows of two runs of cell 5, each value rounded to the 4 decimals "
          + "the notebook prints.",
      "With --run, ACTUAL is not given: the Java notebook runs now with the run options "
          + "(progress on stderr) and its rows and final test accuracy are compared.",
      "Exit 0: same epochs, every cell within the tolerance; 1: a mismatch or an unreadable "
          + "log; 2: a usage error."
    })
public final class CompareCommand implements Callable<Integer> {
  public static final int EXIT_MATCH = 0;
  public static final int EXIT_MISMATCH = 1;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "EXPECTED",
      description = "What Python printed: a text log (stdout) or a saved .ipynb notebook.")
  Path expected;

  @Parameters(index = "1", paramLabel = "ACTUAL", arity = "0..1",
      description = "What Java printed: a run's stdout log, or a .csv of its eval rows "
          + "(not with --run).")
  Path actual;

  @Option(names = "--run",
      description = "Produce ACTUAL by running the Java notebook now, configured by the run "
          + "options below (as for the run command).")
  boolean run;

  @Option(names = "--quiet", description = "With --run: no progress on stderr.")
  boolean quiet;

  @Mixin VariantOptions variant;
  @Mixin ModelOptions model;
  @Mixin RunOptions options;
  @Mixin MetaGraphOptions metaGraph;

  @Option(names = "--tolerance", paramLabel = "X", defaultValue = "0.0001",
      converter = DoubleConverter.class,
      description = "Largest allowed |difference| per cell (default: ${DEFAULT-VALUE}, one "
          + "unit in the last printed digit).")
  double tolerance;

  @Option(names = "--chart", paramLabel = "FILE.png",
      description = "Also draw loss and accuracy curves of both runs into this PNG.")
  Path chart;

  /** The options of the {@link RunOptions} mixin, which mean nothing without --run. */
  private static final List<String> RUN_OPTION_NAMES = List.of("--norm", "--bn-updates",
      "--epochs", "--eval-every", "--patience", "--lr", "--seed", "--data", "--device",
      "--threads", "--runtime", "--quiet", "--meta-graph", "--tensors");

  @Override
  public Integer call() {
    checkOptions();
    if (!run) {
      RunLog expectedLog = RunLog.read(expected);
      return compareAndPrint(expectedLog, () -> RunLog.read(actual));
    }
    TrainConfig config = options.trainConfig(model, variant)
        .withMetaGraph(metaGraph.model()); // a bad file fails before the run
    RunLog expectedLog = RunLog.read(expected); // an unreadable EXPECTED fails before the run
    return compareAndPrint(expectedLog, () -> runNow(config));
  }

  /** Runs the Java notebook; progress and a closing line go to stderr, never to stdout. */
  private RunLog runNow(TrainConfig config) {
    PrintWriter err = spec.commandLine().getErr();
    if (!quiet) {
      err.println("running the Java notebook: " + describe() + ", at most "
          + config.epochs() + " epochs, patience " + config.patience());
      err.flush();
    }
    NotebookRun.Outcome outcome;
    try (Progress progress =
        Progress.start(quiet, config.epochs())) {
      outcome = NotebookRun.execute(config, options.data, progress);
    }
    RunResult r = outcome.result();
    if (!quiet) {
      err.printf(Locale.ROOT, "stopped at epoch %d; best valid epoch %d; %.2f s%n",
          r.stopEpoch(), r.bestEpoch(), outcome.phases().totalMs() / 1000);
      err.flush();
    }
    return actualLog(r, describe());
  }

  /** A finished Java run as the ACTUAL log: its rows and its printed final test accuracy. */
  static RunLog actualLog(RunResult r, String describe) {
    return new RunLog(r.rows(), OptionalDouble.of(r.finalTestAccuracy()),
        Optional.of("java --run " + describe));
  }

  private String describe() {
    return (metaGraph.metaGraph == null ? model.describe(variant) : "seed=" + model.seed)
        + metaGraph.describe() + options.describeRuntime();
  }

  /**
   * Validates the options before any work: a bad tolerance or an unwritable chart path is a
   * usage error, raised before the (possibly long) ACTUAL side is produced.
   */
  void checkOptions() {
    if (run && actual != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give either ACTUAL or --run, not both");
    }
    if (!run && actual == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "missing ACTUAL: give a Java log or --run to run the Java notebook now");
    }
    if (!run) {
      for (String name : RUN_OPTION_NAMES) {
        if (spec.commandLine().getParseResult() != null
            && spec.commandLine().getParseResult().hasMatchedOption(name)) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              name + " only applies with --run");
        }
      }
    }
    if (!Double.isFinite(tolerance) || tolerance < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--tolerance must be a finite number >= 0, got " + tolerance);
    }
    OutputPaths.checkFile(spec, chart, "--chart");
  }

  /**
   * Compares against an ACTUAL produced on demand (read from a file, or a fresh Java run
   * with {@code --run}), prints the table and summary, and draws the chart if asked.
   */
  int compareAndPrint(RunLog expectedLog, Supplier<RunLog> actualLog) {
    return compareAndPrint(expectedLog, actualLog.get(), tolerance, Optional.ofNullable(chart),
        spec.commandLine().getOut());
  }

  /** The comparison proper, free of picocli: returns {@link #EXIT_MATCH} or {@link #EXIT_MISMATCH}. */
  public static int compareAndPrint(RunLog expected, RunLog actual, double tolerance,
      Optional<Path> chart, PrintWriter out) {
    Comparison comparison = Comparison.of(expected, actual, tolerance);
    out.print(ComparisonText.render(comparison));
    out.flush();
    chart.ifPresent(png -> Charts.writeCurves(png,
        "expected " + fileName(expected) + " vs actual " + fileName(actual),
        actual, Optional.of(expected), 1200, 500));
    return comparison.matches() ? EXIT_MATCH : EXIT_MISMATCH;
  }

  private static String fileName(RunLog log) {
    Path name = Path.of(log.describe()).getFileName();
    return name == null ? log.describe() : name.toString();
  }
}
