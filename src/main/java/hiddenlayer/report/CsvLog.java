package hiddenlayer.report;

import hiddenlayer.train.EvalRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The eval rows as CSV, one line per eval epoch under the header
 * {@code epoch,train_loss,valid_loss,test_loss,train_acc,valid_acc,test_acc}.
 *
 * <p>Values are written with {@link Double#toString}, the shortest decimal that reads back
 * to the same double, so a CSV round-trips exactly; rounding to the notebook's four
 * decimals is left to the comparison. Non-finite values appear as {@code NaN},
 * {@code Infinity}, {@code -Infinity}.
 */
public final class CsvLog {
  public static final String HEADER =
      "epoch," + String.join(",", EvalRecord.METRIC_NAMES);

  private CsvLog() {}

  /** Writes the rows atomically (see {@link OutputFiles}). */
  public static void write(Path file, List<EvalRecord> rows) {
    OutputFiles.writeString(file, format(rows));
  }

  /** The CSV text of the rows, header first, each line ending in a newline. */
  public static String format(List<EvalRecord> rows) {
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    for (EvalRecord r : rows) {
      csv.append(r.epoch());
      for (double m : r.metrics()) {
        csv.append(',').append(Double.toString(m));
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  /**
   * Reads a CSV written by {@link #write}; blank lines are skipped.
   *
   * @throws CompareException naming the file and line of a wrong header, a wrong column
   *     count, a value that is not a number, or epochs that do not increase
   */
  public static RunLog read(Path file) {
    List<String> lines = LogFiles.readText(file).lines().toList();
    if (!lines.get(0).strip().equals(HEADER)) {
      throw new CompareException(file + ":1: expected the header \"" + HEADER + "\"");
    }
    List<EvalRecord> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.isEmpty()) {
        EvalRecord row = row(line, file + ":" + (i + 1));
        if (!rows.isEmpty() && row.epoch() <= rows.get(rows.size() - 1).epoch()) {
          throw new CompareException(file + ":" + (i + 1) + ": epoch " + row.epoch()
              + " after epoch " + rows.get(rows.size() - 1).epoch() + " (epochs must increase)");
        }
        rows.add(row);
      }
    }
    if (rows.isEmpty()) {
      throw new CompareException(file + ": no eval rows found (only a header)");
    }
    return new RunLog(rows, OptionalDouble.empty(), Optional.of(file.toString()));
  }

  private static EvalRecord row(String line, String where) {
    String[] cells = line.split(",", -1);
    if (cells.length != 7) {
      throw new CompareException(where + ": expected 7 columns, found " + cells.length);
    }
    int epoch;
    try {
      epoch = Integer.parseInt(cells[0].strip());
    } catch (NumberFormatException e) {
      throw new CompareException(where + ": epoch \"" + cells[0] + "\" is not an integer", e);
    }
    double[] m = new double[6];
    for (int c = 0; c < 6; c++) {
      try {
        m[c] = Double.parseDouble(cells[c + 1].strip());
      } catch (NumberFormatException e) {
        throw new CompareException(where + ": " + EvalRecord.METRIC_NAMES[c] + " \""
            + cells[c + 1] + "\" is not a number", e);
      }
    }
    return new EvalRecord(epoch, m[0], m[1], m[2], m[3], m[4], m[5]);
  }
}
