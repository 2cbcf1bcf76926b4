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
 *
 * <p>What is exact on any machine and what only within one unit of the fourth decimal
 * (src/site/markdown/TF1_SEMANTICS.md section 8):
 *
 * <ul>
 *   <li><b>Exact on any x86-64 machine</b>: {@link #initialVariableHead()}, drawn by TF's
 *       {@code TruncatedNormal} kernel, whose Philox generator is counter-based (each value is a
 *       function of the seeds and its index, not of the thread that computes it or the CPU's
 *       vector width), then one float32 multiplication; and the epoch of each row.
 *   <li><b>Within one unit of the fourth decimal</b> ({@link #assertWithinOneUnit}): every
 *       printed loss and accuracy, {@link #FIRST_ROW}, {@link #ROW_20}, {@link
 *       #FIRST_ROW_TEST_ACCURACY}, {@link #ROW_20_TEST_ACCURACY}, {@link
 *       #COLLECTED_FIRST_TRAIN_LOSS}. They come from TF's MatMul, reductions (mean, softmax
 *       cross-entropy, batch norm's moments) and Adam, whose float32 results depend on the
 *       summation order: oneDNN's kernel for the CPU's instruction set, Eigen's block sizes and the
 *       intra-op thread count ({@code --threads}). A printed cell near a rounding boundary then
 *       prints one unit either way (measured: section 8). An accuracy moves by whole images (1 of
 *       1000 training, 100 validation, 10000 test images), so one unit is one test image; a
 *       training or validation prediction that flipped would move its cell by 10 or 100 units and
 *       fail the check: none did in any measurement of section 8 or 9.
 * </ul>
 *
 * Same-machine determinism (two runs, same bytes) is checked exactly elsewhere
 * ({@code cli.FreshJvmDeterminismTest}, {@code cli.ResumeTest}).
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
   * #FIRST_ROW_TEST_ACCURACY}): exactly on the machine of section 8, within one unit on any
   * ({@link #assertWithinOneUnit}).
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
   * collected}), for the notebook's 0.8088: src/site/markdown/TF1_SEMANTICS.md section 6. This
   * project's value from TF 2.18's kernels (the notebook never ran that configuration): within one
   * unit on any machine ({@link #assertValueWithinOneUnit}).
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
   * Exact on any machine: TF's {@code TruncatedNormal} kernel draws from Philox, a counter-based
   * generator, so the bits of each value depend on the seeds and its position only, whatever the
   * CPU model or thread count; the scale is one float32 multiplication, exact in IEEE 754.
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

  /**
   * {@code printed}, one value such as the final line {@code print(final_test_accuracy)} or a
   * row's cell, is {@code notebookValue} within one unit of the fourth decimal: the value comes
   * from TF's kernels, whose last bits depend on the CPU and thread count (class comment).
   */
  public static void assertValueWithinOneUnit(String notebookValue, String printed) {
    assertTrue(Math.abs(Double.parseDouble(printed.trim()) - Double.parseDouble(notebookValue))
        <= ONE_UNIT, printed + " is not within one unit of " + notebookValue);
  }

  /**
   * One unit of the fourth decimal, with room for the binary representation of two four-decimal
   * values: their difference, when one unit, is 1e-4 within a few ulps.
   */
  public static final double ONE_UNIT = 1e-4 + 1e-12;
}
