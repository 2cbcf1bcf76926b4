package hiddenlayer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NotebookSplitTest {
  private static MnistData mnist;
  private static NotebookSplit split;

  @BeforeAll
  static void loadOnce() {
    mnist = MnistData.loadBundled();
    split = NotebookSplit.of(mnist, NotebookSplit.SEED);
  }

  @Test
  void indicesAreTheSampleInShuffledOrder() {
    // cell 1: x_train[m][i], with m and i the randint and shuffle whose first values
    // src/site/markdown/TF1_SEMANTICS.md section 1 gives (checked in NumpyRandomStateTest)
    NumpyRandomState random = new NumpyRandomState(2020);
    long[] m = random.randint(0, 60000, 1100);
    int[] i = IntStream.range(0, 1100).toArray();
    random.shuffle(i);
    assertArrayEquals(new int[] {775, 358, 1090, 141, 14}, Arrays.copyOf(i, 5));
    int[] expected = Arrays.stream(i).map(k -> (int) m[k]).toArray();
    assertArrayEquals(expected, NotebookSplit.indices(2020));
    assertArrayEquals(expected, split.indices());
  }

  @Test
  void sizesAreTheNotebooks() {
    assertEquals(1000, split.trainCount());
    assertEquals(100, split.validCount());
    assertEquals(10000, split.testCount());
    assertEquals(1000 * 784, split.trainImages().length);
    assertEquals(100 * 784, split.validImages().length);
    assertEquals(10000 * 784, split.testImages().length);
  }

  @Test
  void validationComesFirstThenTraining() {
    int[] order = split.indices();
    assertRow(split.validImages(), 0, order[0]);
    assertRow(split.validImages(), 99, order[99]);
    assertRow(split.trainImages(), 0, order[100]);
    assertRow(split.trainImages(), 999, order[1099]);
    assertEquals(mnist.trainLabels()[order[0]], split.validLabels()[0]);
    assertEquals(mnist.trainLabels()[order[100]], split.trainLabels()[0]);
  }

  @Test
  void testSetIsAllTestImagesInOrder() {
    assertEquals(7, split.testLabels()[0]); // MNIST's first test digit
    for (int k = 0; k < 10000; k++) {
      assertEquals(mnist.testLabels()[k], split.testLabels()[k]);
    }
    assertEquals(mnist.testImages()[5000 * 784 + 400] & 0xFF, split.testImages()[5000 * 784 + 400]);
  }

  @Test
  void pixelsAreNotScaled() {
    // the notebook feeds uint8 pixels as float32 0..255
    float max = 0;
    for (float v : split.trainImages()) {
      max = Math.max(max, v);
    }
    assertEquals(255f, max);
  }

  private static void assertRow(float[] images, int row, int mnistIndex) {
    for (int p = 0; p < 784; p++) {
      assertEquals(mnist.trainImages()[mnistIndex * 784 + p] & 0xFF, images[row * 784 + p]);
    }
  }
}
