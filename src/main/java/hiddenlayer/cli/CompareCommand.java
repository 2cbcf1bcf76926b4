package hiddenlayer.cli;

import hiddenlayer.report.Charts;
import hiddenlayer.report.Comparison;
import hiddenlayer.report.ComparisonText;
import hiddenlayer.report.OutputFiles;
import hiddenlayer.report.RunLog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code compare EXPECTED ACTUAL}: the Python notebook's printed rows against the Java
 * port's, cell by cell at the notebook's four decimals. Exit 0 if they match within the
 * tolerance, 1 if not (or if a log cannot be read), 2 on a usage error.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Compares the eval rows of two runs of cell 5, each value rounded to the 4 decimals "
          + "the notebook prints.",
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

  @Parameters(index = "1", paramLabel = "ACTUAL",
      description = "What Java printed: a run's stdout log, or a .csv of its eval rows.")
  Path actual;

  @Option(names = "--tolerance", paramLabel = "X", defaultValue = "0.0001",
      description = "Largest allowed |difference| per cell (default: ${DEFAULT-VALUE}, one "
          + "unit in the last printed digit).")
  double tolerance;

  @Option(names = "--chart", paramLabel = "FILE.png",
      description = "Also draw loss and accuracy curves of both runs into this PNG.")
  Path chart;

  @Override
  public Integer call() {
    checkOptions();
    RunLog expectedLog = RunLog.read(expected);
    return compareAndPrint(expectedLog, () -> RunLog.read(actual));
  }

  /**
   * Validates the options before any work: a bad tolerance is a usage error, an unwritable
   * chart path a user error, both raised before the (possibly long) ACTUAL side is produced.
   */
  void checkOptions() {
    if (!Double.isFinite(tolerance) || tolerance < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--tolerance must be a finite number >= 0, got " + tolerance);
    }
    if (chart != null) {
      OutputFiles.checkWritable(chart, "--chart");
    }
  }

  /**
   * Compares against an ACTUAL produced on demand (read from a file today, a fresh Java run
   * for a future {@code --run}), prints the table and summary, and draws the chart if asked.
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
