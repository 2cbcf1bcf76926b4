package hiddenlayer.data;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The notebook's data (cell 1): 1100 training images drawn with replacement, shuffled, the
 * first 100 for validation and the other 1000 for training; all 10000 test images.
 *
 * <p>Pixels are float32 0..255, row-major, {@code 784} per image, ready to feed a
 * {@code [None, 784]} placeholder: the notebook never scales them.
 *
 * @param indices the 1100 indices into the MNIST training set, in the notebook's final order
 *     (validation first)
 */
public record NotebookSplit(
    int[] indices,
    float[] trainImages,
    int[] trainLabels,
    float[] validImages,
    int[] validLabels,
    float[] testImages,
    int[] testLabels) {
  /** {@code seed = 2020} in the notebook. */
  public static final long SEED = 2020;
  /** {@code np.random.randint(0, high=60000, size=1100)}. */
  public static final int SAMPLED = 1100;
  /** {@code x_valid = x_train[:100]}. */
  public static final int VALID = 100;

  /**
   * The notebook's indices: {@code np.random.seed(seed); m = randint(0, 60000, 1100);
   * i = arange(1100); shuffle(i)}, then {@code m[i]}.
   */
  public static int[] indices(long seed) {
    NumpyRandomState random = new NumpyRandomState(seed);
    long[] m = random.randint(0, MnistData.TRAIN_COUNT, SAMPLED);
    int[] i = IntStream.range(0, SAMPLED).toArray();
    random.shuffle(i);
    return Arrays.stream(i).map(k -> (int) m[k]).toArray();
  }

  /** The notebook's split of {@code data} for {@code seed}. */
  public static NotebookSplit of(MnistData data, long seed) {
    int[] order = indices(seed);
    int[] valid = Arrays.copyOfRange(order, 0, VALID);
    int[] train = Arrays.copyOfRange(order, VALID, SAMPLED);
    int[] test = IntStream.range(0, data.testCount()).toArray();
    return new NotebookSplit(
        order,
        pixels(data.trainImages(), train),
        labels(data.trainLabels(), train),
        pixels(data.trainImages(), valid),
        labels(data.trainLabels(), valid),
        pixels(data.testImages(), test),
        labels(data.testLabels(), test));
  }

  /** {@code x[rows].astype(float32)}, flat. */
  private static float[] pixels(byte[] images, int[] rows) {
    int n = MnistData.PIXELS;
    float[] out = new float[rows.length * n];
    for (int r = 0; r < rows.length; r++) {
      int from = rows[r] * n;
      for (int p = 0; p < n; p++) {
        out[r * n + p] = images[from + p] & 0xFF;
      }
    }
    return out;
  }

  private static int[] labels(byte[] labels, int[] rows) {
    return Arrays.stream(rows).map(r -> labels[r] & 0xFF).toArray();
  }

  public int trainCount() {
    return trainLabels.length;
  }

  public int validCount() {
    return validLabels.length;
  }

  public int testCount() {
    return testLabels.length;
  }

  @Override
  public String toString() {
    return "NotebookSplit[" + trainCount() + " train, " + validCount() + " valid, "
        + testCount() + " test]";
  }
}
