package hiddenlayer.report;

import hiddenlayer.train.EvalRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * EXPECTED (what Python printed) against ACTUAL (what Java computed), cell by cell.
 *
 * <p>Both sides are first rounded to four decimals, the precision of the notebook's
 * {@code '%.4f'}, half-even on the exact binary value as Python's formatting does (Java's
 * {@code %.4f} rounds half-up, which differs on exact ties). For a Python log the rounding
 * changes nothing; for a full-precision Java CSV it yields exactly what Python would have
 * printed. The difference {@code round4(actual) - round4(expected)} is then an exact
 * multiple of 0.0001, computed in decimal so that a one-digit difference is exactly 0.0001
 * and passes the default tolerance of one unit in the last printed digit.
 *
 * <p>Non-finite values ({@code nan}, {@code inf}) are equal only to themselves; any other
 * pairing is a difference beyond every tolerance.
 *
 * @param rows every epoch of either side, in epoch order
 */
public record Comparison(RunLog expected, RunLog actual, double tolerance, List<Row> rows) {

  /** One unit in the fourth decimal: the last digit the notebook prints. */
  public static final double DEFAULT_TOLERANCE = 1e-4;

  public Comparison {
    rows = List.copyOf(rows);
  }

  /** One metric of one epoch on both sides. */
  public record Cell(
      int epoch,
      String column,
      double expected,
      double actual,
      double difference,
      boolean equal,
      boolean withinTolerance) {}

  /** One eval epoch; a side is empty if that log has no row for the epoch. */
  public record Row(
      int epoch, Optional<EvalRecord> expected, Optional<EvalRecord> actual, List<Cell> cells) {

    public boolean onBothSides() {
      return expected.isPresent() && actual.isPresent();
    }

    public boolean withinTolerance() {
      return cells.stream().allMatch(Cell::withinTolerance);
    }
  }

  /**
   * Compares two logs.
   *
   * @param tolerance the largest allowed {@code |difference|}, finite and non-negative
   */
  public static Comparison of(RunLog expected, RunLog actual, double tolerance) {
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be finite and >= 0: " + tolerance);
    }
    TreeMap<Integer, EvalRecord> byEpochE = byEpoch(expected);
    TreeMap<Integer, EvalRecord> byEpochA = byEpoch(actual);
    TreeSet<Integer> epochs = new TreeSet<>(byEpochE.keySet());
    epochs.addAll(byEpochA.keySet());
    List<Row> rows = new ArrayList<>();
    for (int epoch : epochs) {
      Optional<EvalRecord> e = Optional.ofNullable(byEpochE.get(epoch));
      Optional<EvalRecord> a = Optional.ofNullable(byEpochA.get(epoch));
      List<Cell> cells = new ArrayList<>();
      if (e.isPresent() && a.isPresent()) {
        double[] me = e.get().metrics();
        double[] ma = a.get().metrics();
        for (int c = 0; c < me.length; c++) {
          cells.add(cell(epoch, EvalRecord.METRIC_NAMES[c], me[c], ma[c], tolerance));
        }
      }
      rows.add(new Row(epoch, e, a, List.copyOf(cells)));
    }
    return new Comparison(expected, actual, tolerance, rows);
  }

  /** Compares one value; see the class comment for the rounding. */
  static Cell cell(int epoch, String column, double expected, double actual, double tolerance) {
    if (!Double.isFinite(expected) || !Double.isFinite(actual)) {
      boolean same = Double.compare(expected, actual) == 0;
      return new Cell(epoch, column, expected, actual, same ? 0 : Double.NaN, same, same);
    }
    BigDecimal difference = round4(actual).subtract(round4(expected));
    boolean within = difference.abs().compareTo(BigDecimal.valueOf(tolerance)) <= 0;
    return new Cell(epoch, column, expected, actual, difference.doubleValue(),
        difference.signum() == 0, within);
  }

  /** What Python's {@code '%.4f' % value} prints, as a decimal; {@code value} is finite. */
  public static BigDecimal round4(double value) {
    return new BigDecimal(value).setScale(4, RoundingMode.HALF_EVEN);
  }

  public List<Row> comparedRows() {
    return rows.stream().filter(Row::onBothSides).toList();
  }

  public List<Integer> epochsOnlyInExpected() {
    return rows.stream().filter(r -> r.actual().isEmpty()).map(Row::epoch).toList();
  }

  public List<Integer> epochsOnlyInActual() {
    return rows.stream().filter(r -> r.expected().isEmpty()).map(Row::epoch).toList();
  }

  public List<Cell> cells() {
    return rows.stream().flatMap(r -> r.cells().stream()).toList();
  }

  /** Cells that print the same at four decimals. */
  public long cellsEqual() {
    return cells().stream().filter(Cell::equal).count();
  }

  /** The cell of a column with the largest {@code |difference|} (a non-finite mismatch wins). */
  public Optional<Cell> largestDifference(String column) {
    return cells().stream()
        .filter(c -> c.column().equals(column))
        .max(Comparator.comparingDouble(c -> Math.abs(c.difference())));
  }

  /** The first compared epoch with a cell beyond the tolerance. */
  public Optional<Row> firstMismatch() {
    return comparedRows().stream().filter(r -> !r.withinTolerance()).findFirst();
  }

  /**
   * The two final test accuracies compared like a cell, if both logs have one; Python prints
   * it with {@code repr}, so it too is compared at four decimals.
   */
  public Optional<Cell> finalTestAccuracy() {
    OptionalDouble e = expected.finalTestAccuracy();
    OptionalDouble a = actual.finalTestAccuracy();
    if (e.isEmpty() || a.isEmpty()) {
      return Optional.empty();
    }
    int epoch = actual.lastEpoch().orElse(0);
    return Optional.of(cell(epoch, "final_test_acc", e.getAsDouble(), a.getAsDouble(), tolerance));
  }

  /**
   * The verdict behind the exit code: the same epochs on both sides, every cell within the
   * tolerance, and the final accuracies too where both logs print one.
   */
  public boolean matches() {
    return epochsOnlyInExpected().isEmpty()
        && epochsOnlyInActual().isEmpty()
        && firstMismatch().isEmpty()
        && finalTestAccuracy().map(Cell::withinTolerance).orElse(true);
  }

  private static TreeMap<Integer, EvalRecord> byEpoch(RunLog log) {
    TreeMap<Integer, EvalRecord> map = new TreeMap<>();
    for (EvalRecord r : log.rows()) {
      map.put(r.epoch(), r);
    }
    return map;
  }
}
