package hiddenlayer.cli;

import java.util.Locale;
import picocli.CommandLine;

/**
 * A floating-point option's value as {@link Double#parseDouble} reads it, and also the spellings of
 * NaN and infinity it rejects but Python's {@code float()} and numpy print ({@code nan}, {@code
 * inf}, {@code -inf}, any case, with or without a sign): they become {@link Double#NaN} and the
 * infinities, so the option's own range check words them as it words {@code NaN} and {@code
 * Infinity}. Any other value is "'x' is not a double", as picocli says it.
 */
final class DoubleConverter implements CommandLine.ITypeConverter<Double> {
  @Override
  public Double convert(String value) {
    String word = value.trim().toLowerCase(Locale.ROOT);
    boolean negative = word.startsWith("-");
    String unsigned = negative || word.startsWith("+") ? word.substring(1) : word;
    switch (unsigned) {
      case "nan":
        return Double.NaN;
      case "inf":
      case "infinity":
        return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      default:
        break;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a double");
    }
  }
}
