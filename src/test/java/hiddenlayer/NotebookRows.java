package hiddenlayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

/**
 * What the notebook printed, as the tests check it: its rows, in its format ({@code epoch},
 * train / valid / test loss, train / valid / test accuracy, four decimals), its final line, and
 * the few values derived from them that the tests assert. Each comes from the notebook's printed
 * output as run with TF 1.x, or from the TF 1.x sources, as its comment says; none is a value the
 * code under test printed.
 */
public final class NotebookRows {
  private NotebookRows() {}

  /** Columns of a row, as {@link #cells} indexes them. */
  public static final int EPOCH = 0;
  public static final int TRAIN_LOSS = 1;
  public static final int VALID_LOSS = 2;
  public static final int TEST_LOSS = 3;
  public static final int TRAIN_ACCURACY = 4;
  public static final int VALID_ACCURACY = 5;
  public static final int TEST_ACCURACY = 6;

  /**
   * The notebook's first printed row, epoch 10: published in src/site/markdown/TF1_SEMANTICS.md
   * section 6. A run of {@code --epochs 10} prints it, then its test accuracy ({@link
   * #FIRST_ROW_TEST_ACCURACY}).
   */
  public static final String FIRST_ROW = "10 0.8088 1.0658 1.0567 0.7090 0.6500 0.6557";

  /**
   * {@link #FIRST_ROW}'s test accuracy: the last line of a 10-epoch run, whose one evaluation is
   * its best (the notebook's {@code print(final_test_accuracy)}).
   */
  public static final String FIRST_ROW_TEST_ACCURACY = "0.6557";

  /**
   * The notebook's second printed row, epoch 20 (README's table). Its train loss sits near a
   * rounding boundary: TF 1.15 prints 0.5822 for it on one CPU (src/site/markdown/TF1_SEMANTICS.md
   * section 9) and the notebook's 0.5821 on another, so a run on another runtime is checked within
   * one unit of the last digit ({@link #assertWithinOneUnit}).
   */
  public static final String ROW_20 = "20 0.5821 1.0546 0.9960 0.7720 0.6800 0.6995";

  /**
   * {@link #ROW_20}'s test accuracy: the last line of a 20-epoch run, whose best validation
   * accuracy (0.6800) is at epoch 20.
   */
  public static final String ROW_20_TEST_ACCURACY = "0.6995";

  /**
   * The first row's train loss with batch norm's update ops collected ({@code --bn-updates
   * collected}), for the notebook's 0.8088: src/site/markdown/TF1_SEMANTICS.md section 6.
   */
  public static final String COLLECTED_FIRST_TRAIN_LOSS = "0.6603";

  /**
   * The notebook's last printed line, {@code print(final_test_accuracy)} after its table: the
   * test accuracy at the best validation epoch (README's table).
   */
  public static final double FINAL_TEST_ACCURACY = 0.7403;

  /**
   * The first five values of the first weight matrix, {@code Variable}, as initialised:
   * TruncatedNormal(2020, 5) x float32 sqrt(2/784), src/site/markdown/TF1_SEMANTICS.md section 2.
   */
  public static float[] initialVariableHead() {
    return new float[] {0.032470185f, 0.016721305f, 0.049406305f, 0.01858565f, 0.07463734f};
  }

  /** The cells of a printed row, the epoch first, each as {@link Double#parseDouble} reads it. */
  public static double[] cells(String row) {
    return Arrays.stream(row.split(" ")).mapToDouble(Double::parseDouble).toArray();
  }

  /**
   * {@code printed} is {@code notebookRow} within one unit of the fourth decimal in each cell,
   * the epoch exact. For a run on another runtime than the notebook's: the last printed digit of a
   * value near a rounding boundary depends on the CPU's summation order, so no test pins it.
   */
  public static void assertWithinOneUnit(String notebookRow, String printed) {
    double[] row = cells(notebookRow);
    String[] cells = printed.trim().split(" +");
    assertEquals(row.length, cells.length, printed);
    assertEquals(String.valueOf((int) row[EPOCH]), cells[EPOCH], printed);
    for (int c = 1; c < row.length; c++) {
      // at four decimals, one unit: compare in units of the last digit
      long got = Math.round(Double.parseDouble(cells[c]) * 1e4);
      long notebook = Math.round(row[c] * 1e4);
      assertTrue(Math.abs(got - notebook) <= 1,
          "cell " + c + ": " + printed + " is not within one unit of " + notebookRow);
    }
  }
}
