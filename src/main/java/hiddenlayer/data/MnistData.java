package hiddenlayer.data;

import hiddenlayer.Background;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * MNIST as {@code tf.keras.datasets.mnist.load_data()} returns it, flattened: row-major
 * uint8 pixels (one byte per pixel, read with {@code & 0xFF}) and labels 0..9.
 *
 * <p>Only fully read and validated copies exist: every loader checks formats, shapes,
 * counts and the published content fingerprints, and throws {@link DataException} otherwise.
 * The arrays are shared, not copied (47 MB): treat them as read-only (and, as for any record
 * of arrays, {@code equals} compares the arrays by identity).
 *
 * @param trainImages 60000 x 784 pixels
 * @param trainLabels 60000 labels
 * @param testImages 10000 x 784 pixels
 * @param testLabels 10000 labels
 */
public record MnistData(byte[] trainImages, byte[] trainLabels, byte[] testImages, byte[] testLabels) {
  public static final int ROWS = 28;
  public static final int COLS = 28;
  public static final int PIXELS = ROWS * COLS;
  public static final int TRAIN_COUNT = 60000;
  public static final int TEST_COUNT = 10000;

  public MnistData {
    if (trainImages.length != trainLabels.length * PIXELS
        || testImages.length != testLabels.length * PIXELS) {
      throw new IllegalArgumentException("images and labels disagree in count");
    }
  }

  /**
   * Loads a directory of the four IDX files (each raw or {@code .gz}) or a Keras
   * {@code mnist.npz}.
   */
  public static MnistData load(Path path) {
    return MnistReader.load(path, MnistSpec.MNIST);
  }

  /** A read of the bundled copy started ahead of need, taken by the next {@link #loadBundled()}. */
  private static Future<MnistData> prefetched;

  /** Loads the copy bundled in the jar, wherever the jar is started from. */
  public static MnistData loadBundled() {
    Future<MnistData> ahead;
    synchronized (MnistData.class) {
      ahead = prefetched;
      prefetched = null;
    }
    return ahead != null ? Background.join(ahead) : MnistReader.loadBundled(MnistSpec.MNIST);
  }

  /**
   * Starts reading the bundled copy on a daemon thread, for the next {@link #loadBundled()} to
   * take (with any failure, rethrown there); does nothing if a read is already waiting.
   */
  public static synchronized void prefetchBundled() {
    if (prefetched == null) {
      prefetched = Background.start("mnist-prefetch",
          () -> MnistReader.loadBundled(MnistSpec.MNIST));
    }
  }

  /** The CLI's {@code --data}: the given path, or the bundled copy without one. */
  public static MnistData load(Optional<Path> path) {
    return path.map(MnistData::load).orElseGet(MnistData::loadBundled);
  }

  public int trainCount() {
    return trainLabels.length;
  }

  public int testCount() {
    return testLabels.length;
  }

  @Override
  public String toString() {
    return "MnistData[" + trainCount() + " train, " + testCount() + " test]";
  }
}
