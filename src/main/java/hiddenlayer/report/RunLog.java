package hiddenlayer.report;

import hiddenlayer.train.EvalRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What one run printed: the eval rows of cell 5 in epoch order, the final
 * {@code print(final_test_accuracy)} if the log has it, and where the log came from.
 *
 * @param rows eval rows, epochs strictly increasing
 * @param finalTestAccuracy the notebook's last line, absent when the log does not have one
 *     (a CSV never has one)
 * @param source a description of the origin (usually the file name), for messages
 */
public record RunLog(
    List<EvalRecord> rows, OptionalDouble finalTestAccuracy, Optional<String> source) {

  public RunLog {
    rows = List.copyOf(rows);
    for (int i = 1; i < rows.size(); i++) {
      if (rows.get(i).epoch() <= rows.get(i - 1).epoch()) {
        throw new IllegalArgumentException("epochs must increase: " + rows.get(i - 1).epoch()
            + " then " + rows.get(i).epoch());
      }
    }
    Objects.requireNonNull(finalTestAccuracy, "finalTestAccuracy");
    Objects.requireNonNull(source, "source");
  }

  /** A log of rows only, e.g. the Java side's records straight from training. */
  public static RunLog of(List<EvalRecord> rows) {
    return new RunLog(rows, OptionalDouble.empty(), Optional.empty());
  }

  /**
   * Reads a log, choosing the format by extension: {@code .ipynb} a Jupyter notebook
   * (nbformat 4), {@code .csv} a {@link CsvLog}, anything else a text log (see {@link TextLog}).
   *
   * @throws CompareException if the file cannot be read or holds no eval rows
   */
  public static RunLog read(Path file) {
    String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    if (name.endsWith(".ipynb")) {
      return NotebookLog.read(file);
    }
    if (name.endsWith(".csv")) {
      return CsvLog.read(file);
    }
    return TextLog.read(file);
  }

  /**
   * The epoch of the last printed row. The run itself stopped up to {@code eval_every - 1}
   * epochs later: cell 5 prints only every tenth epoch.
   */
  public OptionalInt lastEpoch() {
    return rows.isEmpty() ? OptionalInt.empty() : OptionalInt.of(rows.get(rows.size() - 1).epoch());
  }

  /** The source, or "(unnamed)" if none was given. */
  public String describe() {
    return source.orElse("(unnamed)");
  }
}
