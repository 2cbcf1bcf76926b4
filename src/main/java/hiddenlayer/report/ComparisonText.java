package hiddenlayer.report;

import hiddenlayer.report.Comparison.Cell;
import hiddenlayer.report.Comparison.Row;
import hiddenlayer.train.EvalRecord;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * A {@link Comparison} as text for an 80-column terminal: three lines per eval epoch
 * (expected, actual, difference), then a summary.
 *
 * <pre>
 * epoch  side      train_loss valid_loss  test_loss  train_acc  valid_acc   test_acc
 *    10  expected      0.2345     0.3456     0.3567     0.9320     0.9100     0.9012
 *        actual        0.2345     0.3459     0.3567     0.9320     0.9100     0.9012
 *        diff               .   +0.0003*          .          .          .          .
 * </pre>
 */
public final class ComparisonText {
  private static final String ROW = "%5s  %-8s" + " %10s".repeat(6) + "%n";

  private ComparisonText() {}

  /** The table and the summary. */
  public static String render(Comparison comparison) {
    return table(comparison) + "\n" + summary(comparison);
  }

  /** The side-by-side table, one three-line block per epoch of either side. */
  public static String table(Comparison comparison) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "diff: actual - expected at 4 decimals; '.' equal, '*' beyond tolerance %s%n%n",
        number(comparison.tolerance())));
    Object[] header = new Object[8];
    header[0] = "epoch";
    header[1] = "side";
    System.arraycopy(EvalRecord.METRIC_NAMES, 0, header, 2, 6);
    out.append(String.format(Locale.ROOT, ROW, header));
    for (Row row : comparison.rows()) {
      out.append(line(String.valueOf(row.epoch()), "expected", values(row.expected())));
      out.append(line("", "actual", values(row.actual())));
      if (row.onBothSides()) {
        out.append(line("", "diff", row.cells().stream().map(ComparisonText::diff).toList()));
      }
    }
    return out.toString();
  }

  /** Counts, largest differences, the first mismatch, stop epochs, final accuracies, verdict. */
  public static String summary(Comparison c) {
    StringBuilder out = new StringBuilder("summary\n");
    item(out, "expected", describe(c.expected()));
    item(out, "actual", describe(c.actual()));
    item(out, "tolerance", number(c.tolerance()));
    item(out, "rows compared", String.valueOf(c.comparedRows().size()));
    item(out, "rows only in expected", epochs(c.epochsOnlyInExpected()));
    item(out, "rows only in actual", epochs(c.epochsOnlyInActual()));
    item(out, "cells equal at 4 decimals", c.cellsEqual() + " of " + c.cells().size());
    for (String column : EvalRecord.METRIC_NAMES) {
      item(out, "largest |diff| " + column, c.largestDifference(column)
          .map(cell -> cell.equal() ? "0" : diff(cell) + " (epoch " + cell.epoch() + ")")
          .orElse("-"));
    }
    item(out, "first beyond tolerance", c.firstMismatch().map(ComparisonText::mismatch)
        .orElse("none"));
    item(out, "last printed epoch", "expected " + stop(c.expected()) + ", actual " + stop(c.actual()));
    item(out, "final test accuracy", "expected " + finalAccuracy(c.expected())
        + ", actual " + finalAccuracy(c.actual())
        + c.finalTestAccuracy().map(cell -> cell.withinTolerance() ? "" : " (beyond tolerance)")
            .orElse(""));
    item(out, "result", c.matches() ? "MATCH" : "MISMATCH");
    return out.toString();
  }

  private static String line(String epoch, String side, List<String> cells) {
    Object[] args = new Object[8];
    args[0] = epoch;
    args[1] = side;
    for (int i = 0; i < 6; i++) {
      args[i + 2] = i < cells.size() ? cells.get(i) : "";
    }
    return String.format(Locale.ROOT, ROW, args).stripTrailing() + "\n";
  }

  private static List<String> values(Optional<EvalRecord> record) {
    if (record.isEmpty()) {
      return List.of("(no row)");
    }
    return java.util.Arrays.stream(record.get().metrics()).mapToObj(ComparisonText::printed)
        .toList();
  }

  /** A value as the notebook's {@code '%.4f'} prints it. */
  static String printed(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    return Comparison.round4(value).toPlainString();
  }

  private static String diff(Cell cell) {
    if (cell.equal()) {
      return ".";
    }
    String d = Double.isNaN(cell.difference())
        ? "n/a"
        : String.format(Locale.ROOT, "%+.4f", cell.difference());
    return cell.withinTolerance() ? d : d + "*";
  }

  private static String mismatch(Row row) {
    return "epoch " + row.epoch() + ": " + row.cells().stream()
        .filter(cell -> !cell.withinTolerance())
        .map(cell -> cell.column() + " expected " + printed(cell.expected()) + ", actual "
            + printed(cell.actual()))
        .collect(Collectors.joining("; "));
  }

  private static void item(StringBuilder out, String label, String value) {
    out.append(String.format(Locale.ROOT, "  %-27s %s%n", label + ":", value));
  }

  private static String describe(RunLog log) {
    return log.describe() + " (" + log.rows().size() + " rows)";
  }

  private static String epochs(List<Integer> epochs) {
    if (epochs.isEmpty()) {
      return "none";
    }
    return epochs.size() + " (epoch" + (epochs.size() == 1 ? " " : "s ")
        + epochs.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
  }

  private static String stop(RunLog log) {
    return log.lastEpoch().isPresent() ? String.valueOf(log.lastEpoch().getAsInt()) : "-";
  }

  private static String finalAccuracy(RunLog log) {
    OptionalDouble a = log.finalTestAccuracy();
    return a.isPresent() ? printed(a.getAsDouble()) : "not in log";
  }

  private static String number(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
