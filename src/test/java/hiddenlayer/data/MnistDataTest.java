package hiddenlayer.data;

import static hiddenlayer.data.MnistFixtures.SMALL;
import static hiddenlayer.data.MnistFixtures.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDataTest {
  @TempDir Path tmp;

  private static void assertSynthetic(MnistData data) {
    assertArrayEquals(payload(MnistPart.TRAIN_IMAGES), data.trainImages());
    assertArrayEquals(payload(MnistPart.TRAIN_LABELS), data.trainLabels());
    assertArrayEquals(payload(MnistPart.TEST_IMAGES), data.testImages());
    assertArrayEquals(payload(MnistPart.TEST_LABELS), data.testLabels());
  }

  @Test
  void readsGzipIdxFiles() throws IOException {
    assertSynthetic(MnistReader.load(MnistFixtures.idxDir(tmp, true), SMALL));
  }

  @Test
  void readsRawIdxFiles() throws IOException {
    assertSynthetic(MnistReader.load(MnistFixtures.idxDir(tmp, false), SMALL));
  }

  @Test
  void readsKerasNpz() throws IOException {
    Path npz = MnistFixtures.kerasNpz(tmp.resolve("mnist.npz"), Map.of());
    assertSynthetic(MnistReader.load(npz, SMALL));
  }

  @Test
  void readsNpyFormatVersion2() throws IOException {
    // numpy's format 2.0: same dict, the header length as a 4-byte little-endian int
    byte[] v1 = MnistFixtures.npy(MnistPart.TEST_LABELS);
    int headerLength = (v1[8] & 0xFF) | (v1[9] & 0xFF) << 8;
    byte[] v2 = new byte[v1.length + 2];
    System.arraycopy(v1, 0, v2, 0, 6);
    v2[6] = 2;
    v2[8] = (byte) headerLength;
    v2[9] = (byte) (headerLength >> 8);
    System.arraycopy(v1, 10, v2, 12, v1.length - 10);
    Path npz = MnistFixtures.kerasNpz(tmp.resolve("mnist.npz"), Map.of("y_test.npy", v2));
    assertSynthetic(MnistReader.load(npz, SMALL));
  }

  @Test
  void acceptsPayloadsWithTheExpectedFingerprints() throws IOException {
    Map<MnistPart, String> sums = new EnumMap<>(MnistPart.class);
    for (MnistPart part : MnistPart.values()) {
      sums.put(part, MnistReader.sha256(payload(part)));
    }
    MnistSpec spec = new MnistSpec(MnistFixtures.TRAIN, MnistFixtures.TEST, sums);
    assertSynthetic(MnistReader.load(MnistFixtures.idxDir(tmp, true), spec));
  }

  @Test
  void bundledCopyIsTheRealMnist() {
    // loadBundled checks the payload SHA-256s listed in resources/mnist/README.md
    MnistData data = MnistData.loadBundled();
    assertEquals(60000, data.trainCount());
    assertEquals(10000, data.testCount());
    assertEquals(60000 * 784, data.trainImages().length);
    // the well-known first labels of MNIST: a 5 in training, a 7 in test
    assertEquals(5, data.trainLabels()[0]);
    assertEquals(7, data.testLabels()[0]);
  }

  @Test
  void realGzipDirectoryLoadsThroughTheCliPath() {
    // the same files as the bundled copy, from disk (Maven runs tests in the project dir)
    MnistData data = MnistData.load(Optional.of(Path.of("resources/mnist")));
    assertEquals(60000, data.trainCount());
  }

  @Test
  void aPrefetchedReadIsTakenOnceAndEqualsAReadOfItsOwn() {
    MnistData fromDisk = MnistData.load(Path.of("resources/mnist"));
    MnistData.prefetchBundled();
    MnistData prefetched = MnistData.loadBundled();
    MnistData.prefetchBundled(); // a second prefetch while none waits starts a new read
    MnistData again = MnistData.loadBundled();
    MnistData fresh = MnistData.loadBundled(); // nothing waiting: read anew
    for (MnistData d : new MnistData[] {prefetched, again, fresh}) {
      assertArrayEquals(fromDisk.trainImages(), d.trainImages());
      assertArrayEquals(fromDisk.trainLabels(), d.trainLabels());
      assertArrayEquals(fromDisk.testImages(), d.testImages());
      assertArrayEquals(fromDisk.testLabels(), d.testLabels());
    }
    assertNotSame(prefetched.trainImages(), again.trainImages());
    assertNotSame(again.trainImages(), fresh.trainImages());
  }
}
