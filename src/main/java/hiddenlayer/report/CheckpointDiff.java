package hiddenlayer.report;

import hiddenlayer.tf1.checkpoint.CheckpointReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Two checkpoints variable by variable: per variable in both, max |a - b| and max relative
 * difference |a - b| / max(|a|, |b|); the variables only in one; dtype and shape mismatches.
 * They agree when both hold the same names, dtypes and shapes and every element is within the
 * tolerance (at tolerance 0: the same float64 value, bit for bit, NaN equal to NaN). A complex
 * element is compared as its real and imaginary parts; a string tensor agrees when every element
 * has the same bytes (no max |a - b|).
 */
public final class CheckpointDiff {
  /**
   * One variable of both checkpoints; {@code mismatch} is null when dtype and shape agree;
   * {@code maxAbs} and {@code maxRel} are NaN for strings.
   */
  public record Row(String name, String dtype, String shape, double maxAbs, double maxRel,
      String mismatch, boolean agrees) {
    boolean numbers() {
      return mismatch == null && !STRING.equals(dtype);
    }
  }

  private static final String STRING = "string";

  private final List<Row> rows;
  private final List<String> onlyInA;
  private final List<String> onlyInB;
  private final double tolerance;

  private CheckpointDiff(List<Row> rows, List<String> onlyInA, List<String> onlyInB,
      double tolerance) {
    this.rows = rows;
    this.onlyInA = onlyInA;
    this.onlyInB = onlyInB;
    this.tolerance = tolerance;
  }

  /** Compares checkpoints {@code a} and {@code b} within {@code tolerance} (absolute). */
  public static CheckpointDiff of(CheckpointReader a, CheckpointReader b, double tolerance) {
    Map<String, CheckpointReader.Entry> ea = a.entries();
    Map<String, CheckpointReader.Entry> eb = b.entries();
    List<String> onlyA = new ArrayList<>();
    List<String> onlyB = new ArrayList<>();
    List<String> comparable = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(ea.keySet());
    names.addAll(eb.keySet());
    for (String n : names) {
      if (!eb.containsKey(n)) {
        onlyA.add(n);
      } else if (!ea.containsKey(n)) {
        onlyB.add(n);
      } else if (ea.get(n).dtype().equals(eb.get(n).dtype())
          && Arrays.equals(ea.get(n).shape(), eb.get(n).shape())) {
        comparable.add(n);
      }
    }
    List<String> strings = comparable.stream().filter(n -> STRING.equals(ea.get(n).dtype()))
        .toList();
    List<String> numbers = comparable.stream().filter(n -> !strings.contains(n)).toList();
    Map<String, double[]> va = a.values(numbers);
    Map<String, double[]> vb = b.values(numbers);
    Map<String, List<byte[]>> sa = a.strings(strings);
    Map<String, List<byte[]>> sb = b.strings(strings);
    List<Row> rows = new ArrayList<>();
    for (String n : names) {
      CheckpointReader.Entry x = ea.get(n);
      CheckpointReader.Entry y = eb.get(n);
      if (x == null || y == null) {
        continue;
      }
      if (!comparable.contains(n)) {
        String what = x.dtype().equals(y.dtype())
            ? "shape " + x.shapeText() + " in A, " + y.shapeText() + " in B"
            : "dtype " + x.dtype() + " " + x.shapeText() + " in A, " + y.dtype() + " "
                + y.shapeText() + " in B";
        rows.add(new Row(n, x.dtype(), x.shapeText(), Double.NaN, Double.NaN, what, false));
        continue;
      }
      rows.add(strings.contains(n) ? compare(n, x, sa.get(n), sb.get(n))
          : compare(n, x, va.get(n), vb.get(n), tolerance));
    }
    return new CheckpointDiff(rows, onlyA, onlyB, tolerance);
  }

  private static Row compare(String name, CheckpointReader.Entry e, double[] a, double[] b,
      double tolerance) {
    double maxAbs = 0;
    double maxRel = 0;
    boolean agrees = true;
    for (int i = 0; i < a.length; i++) {
      boolean same = Double.compare(a[i], b[i]) == 0;
      double abs = Math.abs(a[i] - b[i]);
      if (same) {
        continue;
      }
      if (Double.isNaN(abs)) {
        maxAbs = Double.NaN;
        maxRel = Double.NaN;
        agrees = false;
        continue;
      }
      double scale = Math.max(Math.abs(a[i]), Math.abs(b[i]));
      maxAbs = Double.isNaN(maxAbs) ? maxAbs : Math.max(maxAbs, abs);
      maxRel = Double.isNaN(maxRel) ? maxRel : Math.max(maxRel, scale == 0 ? 0 : abs / scale);
      if (tolerance == 0 || !(abs <= tolerance)) {
        agrees = false;
      }
    }
    return new Row(name, e.dtype(), e.shapeText(), maxAbs, maxRel, null, agrees);
  }

  private static Row compare(String name, CheckpointReader.Entry e, List<byte[]> a,
      List<byte[]> b) {
    boolean agrees = a.size() == b.size();
    for (int i = 0; agrees && i < a.size(); i++) {
      agrees = Arrays.equals(a.get(i), b.get(i));
    }
    return new Row(name, e.dtype(), e.shapeText(), Double.NaN, Double.NaN, null, agrees);
  }

  /** Whether everything agrees: exit 0. */
  public boolean agrees() {
    return onlyInA.isEmpty() && onlyInB.isEmpty() && rows.stream().allMatch(Row::agrees);
  }

  /** The diff as text: one line per variable, then the names only in one, then a summary. */
  public String text() {
    int width = "variable".length();
    int dtypeWidth = "float32".length();
    for (Row r : rows) {
      width = Math.max(width, r.name().length());
      dtypeWidth = Math.max(dtypeWidth, r.dtype().length());
    }
    StringBuilder b = new StringBuilder();
    String format = "%-" + width + "s  %-" + dtypeWidth + "s  %-12s  %-12s  %-12s  %s%n";
    b.append(String.format(Locale.ROOT, format, "variable", "dtype", "shape", "max_abs",
        "max_rel", "status"));
    int differ = 0;
    for (Row r : rows) {
      String status = r.agrees() ? "ok" : r.mismatch() != null ? "MISMATCH " + r.mismatch()
          : "DIFFERS";
      if (!r.agrees()) {
        differ++;
      }
      b.append(String.format(Locale.ROOT, format, r.name(), r.dtype(), r.shape(),
          r.numbers() ? number(r.maxAbs()) : "-", r.numbers() ? number(r.maxRel()) : "-",
          status));
    }
    onlyInA.forEach(n -> b.append("only in A: ").append(n).append('\n'));
    onlyInB.forEach(n -> b.append("only in B: ").append(n).append('\n'));
    b.append(String.format(Locale.ROOT, "%d of %d variables agree within %s; %d differ, %d only "
            + "in A, %d only in B%n", rows.size() - differ, rows.size(), number(tolerance),
        differ, onlyInA.size(), onlyInB.size()));
    return b.toString();
  }

  private static String number(double v) {
    return v == 0 ? "0" : String.format(Locale.ROOT, "%.6g", v);
  }
}
