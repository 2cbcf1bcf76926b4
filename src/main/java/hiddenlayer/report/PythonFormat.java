package hiddenlayer.report;

import hiddenlayer.train.EvalRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers printed the way the notebook's Python prints them. */
public final class PythonFormat {
  private PythonFormat() {}

  /**
   * Python's {@code '%.4f' % v}: correctly rounded from the exact binary value (ties, which only
   * exact binary fractions can have, to even), unlike Java's {@code %.4f}, which rounds the
   * shortest decimal string half-up.
   */
  public static String fixed4(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    String s = new BigDecimal(v).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    return (v < 0 || (v == 0 && 1 / v < 0)) && !s.startsWith("-") ? "-" + s : s;
  }

  /**
   * Python's {@code print(float)}: the shortest string that reads back as the same double, in
   * positional notation from 1e-4 up to 1e16 ({@code 0.7403}, {@code 1.0}), in exponent notation
   * outside ({@code 1e-05}).
   */
  public static String repr(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return 1 / v < 0 ? "-0.0" : "0.0";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    double abs = Math.abs(v);
    if (abs >= 1e-4 && abs < 1e16) {
      String s = shortest.toPlainString();
      return s.contains(".") ? s : s + ".0";
    }
    String digits = shortest.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - shortest.scale();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String exp = String.format("%s%02d", exponent < 0 ? "-" : "+", Math.abs(exponent));
    return (v < 0 ? "-" : "") + mantissa + "e" + exp;
  }

  /** One printed row of cell 5: {@code epoch} and six {@code '%.4f'} numbers. */
  public static String row(EvalRecord r) {
    StringBuilder b = new StringBuilder().append(r.epoch());
    for (double m : r.metrics()) {
      b.append(' ').append(fixed4(m));
    }
    return b.toString();
  }
}
