package hiddenlayer.report;

import hiddenlayer.train.EvalRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * A run's printed output as text: anything the notebook's cell 5 printed, with whatever
 * else got mixed in (TensorFlow warnings, progress bars, the Java CLI's own messages).
 *
 * <p>Rows are recognised by shape alone, mirroring
 * {@code print(epoch_idx, '%.4f' % train_loss, ..., '%.4f' % test_acc)}: a line of exactly
 * seven whitespace-separated tokens, an integer then six decimals ({@code nan} and
 * {@code inf} included, which is what {@code '%.4f'} prints for them). Every other line is
 * ignored. The final accuracy is the last line after the last row that is a lone Python float
 * literal, as printed by {@code print(final_test_accuracy)} (e.g. {@code 0.7403}, {@code 0.8}).
 */
public final class TextLog {
  private static final String DECIMAL =
      "[-+]?(?:\\d+\\.\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?|[-+]?(?:nan|inf)";
  private static final Pattern EPOCH = Pattern.compile("\\d{1,9}");
  private static final Pattern METRIC = Pattern.compile(DECIMAL);
  /** Python's float repr: a decimal point, or an exponent without one ({@code 1e-05}). */
  private static final Pattern PYTHON_FLOAT =
      Pattern.compile(DECIMAL + "|[-+]?\\d+[eE][-+]?\\d+");

  private TextLog() {}

  /** Reads a text log; see the class comment for what counts as a row. */
  public static RunLog read(Path file) {
    List<String> lines = LogFiles.readText(file).lines().toList();
    return parse(lines, i -> file + ":" + (i + 1), file.toString());
  }

  /** Parses text that came from {@code source}; locations in errors are "source:line". */
  public static RunLog parse(String text, String source) {
    return parse(text.lines().toList(), i -> source + ":" + (i + 1), source);
  }

  /**
   * Parses lines whose locations {@code where} describes (line index to "file:line" or,
   * for notebooks, cell and output line).
   *
   * @throws CompareException if no row is found or the epochs do not increase
   */
  static RunLog parse(List<String> lines, IntFunction<String> where, String source) {
    List<EvalRecord> rows = new ArrayList<>();
    OptionalDouble finalAccuracy = OptionalDouble.empty();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      Optional<EvalRecord> row = row(line);
      if (row.isPresent()) {
        EvalRecord r = row.get();
        if (!rows.isEmpty() && r.epoch() <= rows.get(rows.size() - 1).epoch()) {
          throw new CompareException(where.apply(i) + ": epoch " + r.epoch()
              + " after epoch " + rows.get(rows.size() - 1).epoch()
              + " (epochs must increase; is this two runs in one log?)");
        }
        rows.add(r);
        finalAccuracy = OptionalDouble.empty(); // only a float after the last row counts
      } else if (!rows.isEmpty() && PYTHON_FLOAT.matcher(line).matches()) {
        finalAccuracy = OptionalDouble.of(parseNumber(line));
      }
    }
    if (rows.isEmpty()) {
      throw new CompareException(source + ": no eval rows found (expected lines like "
          + "\"10 0.1234 0.2345 0.3456 0.9700 0.9400 0.9300\")");
    }
    return new RunLog(rows, finalAccuracy, Optional.of(source));
  }

  private static Optional<EvalRecord> row(String line) {
    String[] tokens = line.split("\\s+");
    if (tokens.length != 7 || !EPOCH.matcher(tokens[0]).matches()) {
      return Optional.empty();
    }
    double[] m = new double[6];
    for (int c = 0; c < 6; c++) {
      if (!METRIC.matcher(tokens[c + 1]).matches()) {
        return Optional.empty();
      }
      m[c] = parseNumber(tokens[c + 1]);
    }
    return Optional.of(
        new EvalRecord(Integer.parseInt(tokens[0]), m[0], m[1], m[2], m[3], m[4], m[5]));
  }

  /** Parses a Python-printed number, which spells the non-finite ones {@code nan}/{@code inf}. */
  static double parseNumber(String token) {
    String t = token.startsWith("+") ? token.substring(1) : token;
    return switch (t) {
      case "nan", "-nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(t);
    };
  }
}
