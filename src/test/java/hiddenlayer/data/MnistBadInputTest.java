package hiddenlayer.data;

import static hiddenlayer.data.MnistFixtures.SMALL;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One bad input each: the one-line message must name the file and the problem. */
class MnistBadInputTest {
  @TempDir Path tmp;

  private static void assertProblem(Path path, MnistSpec spec, String file, String... problem) {
    DataException e = assertThrows(DataException.class, () -> MnistReader.load(path, spec));
    String message = e.getMessage();
    assertFalse(message.contains("\n"), message);
    assertTrue(message.startsWith(file + ":") || message.startsWith(file + " "), message);
    for (String fragment : problem) {
      assertTrue(message.contains(fragment), () -> "no '" + fragment + "' in: " + message);
    }
  }

  private Path gzipDir() throws IOException {
    return MnistFixtures.idxDir(tmp, true);
  }

  private Path file(MnistPart part, String suffix) {
    return tmp.resolve(part.idxName + suffix);
  }

  @Test
  void missingDirectory() {
    Path missing = tmp.resolve("no-such-dir");
    assertProblem(missing, SMALL, missing.toString(), "no such directory");
  }

  @Test
  void missingFileSaysWhichNamesWereLookedFor() throws IOException {
    Files.delete(gzipDir().resolve("t10k-labels-idx1-ubyte.gz"));
    assertProblem(tmp, SMALL, tmp.toString(), "missing t10k-labels-idx1-ubyte",
        "t10k-labels-idx1-ubyte.gz", tmp.resolve("t10k-labels-idx1-ubyte").toString());
  }

  @Test
  void truncatedGzip() throws IOException {
    Path f = file(MnistPart.TRAIN_IMAGES, ".gz");
    gzipDir();
    byte[] gz = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(gz, gz.length / 2));
    assertProblem(tmp, SMALL, f.toString(), "truncated: the compressed stream ends inside the 4704 payload bytes");
  }

  @Test
  void truncatedRawFile() throws IOException {
    MnistFixtures.idxDir(tmp, false);
    Path f = file(MnistPart.TEST_IMAGES, "");
    byte[] raw = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(raw, raw.length - 10));
    assertProblem(tmp, SMALL, f.toString(), "truncated: expected 1568 payload bytes, got 1558");
  }

  @Test
  void extraBytesAfterThePayload() throws IOException {
    MnistFixtures.idxDir(tmp, false);
    Path f = file(MnistPart.TRAIN_LABELS, "");
    byte[] raw = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(raw, raw.length + 3));
    assertProblem(tmp, SMALL, f.toString(), "3 extra bytes after the 6 payload bytes");
  }

  @Test
  void flippedPayloadByteFailsThePublishedChecksum() throws IOException {
    // the real files, except t10k-labels: raw, with one label changed
    Path real = Path.of("resources/mnist");
    for (MnistPart part : MnistPart.values()) {
      if (part != MnistPart.TEST_LABELS) {
        Files.copy(real.resolve(part.idxName + ".gz"), file(part, ".gz"));
      }
    }
    byte[] labels = MnistReader.load(real, MnistSpec.MNIST).testLabels();
    labels[1234] ^= 1;
    Path f = file(MnistPart.TEST_LABELS, "");
    Files.write(f, MnistFixtures.idx(2049, new long[] {10000}, labels));
    assertProblem(tmp, MnistSpec.MNIST, f.toString(), "checksum mismatch: payload SHA-256 is "
        + MnistReader.sha256(labels) + ", expected " + MnistPart.TEST_LABELS.publishedPayloadSha256);
  }

  @Test
  void wrongMagic() throws IOException {
    gzipDir();
    Path f = file(MnistPart.TRAIN_LABELS, ".gz");
    Files.write(f, MnistFixtures.gzip(MnistFixtures.idx(MnistPart.TRAIN_IMAGES)));
    assertProblem(tmp, SMALL, f.toString(), "wrong magic: expected 2049 (labels), got 2051 (images)");
  }

  @Test
  void gzipWithoutItsSuffixIsCalledOut() throws IOException {
    MnistFixtures.idxDir(tmp, false);
    Path f = file(MnistPart.TEST_IMAGES, "");
    Files.write(f, MnistFixtures.gzip(MnistFixtures.idx(MnistPart.TEST_IMAGES)));
    assertProblem(tmp, SMALL, f.toString(), "wrong magic: expected 2051", "name the file .gz");
  }

  @Test
  void wrongDimensions() throws IOException {
    gzipDir();
    Path f = file(MnistPart.TRAIN_IMAGES, ".gz");
    byte[] idx = MnistFixtures.idx(2051, new long[] {6, 28, 27}, new byte[6 * 28 * 27]);
    Files.write(f, MnistFixtures.gzip(idx));
    assertProblem(tmp, SMALL, f.toString(), "wrong shape: expected (6, 28, 28) images, got (6, 28, 27)");
  }

  @Test
  void labelCountThatDisagreesWithTheImages() throws IOException {
    gzipDir();
    Path f = file(MnistPart.TEST_LABELS, ".gz");
    Files.write(f, MnistFixtures.gzip(MnistFixtures.idx(2049, new long[] {1}, new byte[1])));
    assertProblem(tmp, SMALL, f.toString(), "label count mismatch: 1 labels",
        file(MnistPart.TEST_IMAGES, ".gz") + " has 2 images");
  }

  @Test
  void countThatIsNotMnists() throws IOException {
    gzipDir();
    MnistSpec spec = new MnistSpec(7, MnistFixtures.TEST, Map.of());
    assertProblem(tmp, spec, file(MnistPart.TRAIN_IMAGES, ".gz").toString(),
        "wrong count: expected 7 images, got 6");
  }

  @Test
  void corruptGzipChecksum() throws IOException {
    gzipDir();
    Path f = file(MnistPart.TRAIN_IMAGES, ".gz");
    byte[] gz = Files.readAllBytes(f);
    gz[gz.length - 8] ^= 0x55; // the CRC-32 in the gzip trailer
    Files.write(f, gz);
    assertProblem(tmp, SMALL, f.toString(), "corrupt gzip");
  }

  @Test
  void notGzipAtAll() throws IOException {
    gzipDir();
    Path f = file(MnistPart.TEST_LABELS, ".gz");
    Files.write(f, MnistFixtures.idx(MnistPart.TEST_LABELS));
    assertProblem(tmp, SMALL, f.toString(), "corrupt gzip");
  }

  @Test
  void npzWithTheWrongDtype() throws IOException {
    long[] shape = {MnistFixtures.TRAIN};
    byte[] int64 = MnistFixtures.npy("<i8", shape, new byte[8 * MnistFixtures.TRAIN]);
    Path npz = MnistFixtures.kerasNpz(tmp.resolve("mnist.npz"), Map.of("y_train.npy", int64));
    assertProblem(npz, SMALL, npz + ":y_train.npy", "wrong dtype: '<i8', expected '|u1' (uint8)");
  }

  @Test
  void npzWithTheWrongShape() throws IOException {
    byte[] flat = MnistFixtures.npy("|u1", new long[] {2, 784}, new byte[2 * 784]);
    Path npz = MnistFixtures.kerasNpz(tmp.resolve("mnist.npz"), Map.of("x_test.npy", flat));
    assertProblem(npz, SMALL, npz + ":x_test.npy",
        "wrong shape: expected (2, 28, 28) images, got (2, 784)");
  }

  @Test
  void npzWithoutAnArray() throws IOException {
    Path npz = MnistFixtures.npz(tmp.resolve("mnist.npz"),
        Map.of("x_train.npy", MnistFixtures.npy(MnistPart.TRAIN_IMAGES)));
    assertProblem(npz, SMALL, npz.toString(), "missing y_train.npy", "the archive has: x_train.npy");
  }

  @Test
  void npzThatIsNotAZip() throws IOException {
    Path npz = Files.write(tmp.resolve("mnist.npz"), new byte[] {1, 2, 3});
    assertProblem(npz, SMALL, npz.toString(), "not a zip archive");
  }

  @Test
  void npyWithoutItsMagic() throws IOException {
    Path npz = MnistFixtures.kerasNpz(tmp.resolve("mnist.npz"),
        Map.of("y_test.npy", MnistFixtures.idx(MnistPart.TEST_LABELS)));
    assertProblem(npz, SMALL, npz + ":y_test.npy", "not an .npy array");
  }

  @Test
  void fileThatIsNeitherDirectoryNorNpz() throws IOException {
    Path f = Files.write(tmp.resolve("train-images-idx3-ubyte.gz"), new byte[] {1});
    assertProblem(f, SMALL, f.toString(), "neither a directory of MNIST IDX files nor");
  }

  @Test
  void npyHeaderLengthBeyondNumpysLimitIsRejectedBeforeAllocating() throws IOException {
    // A version 2.0 .npy whose 4-byte header length claims 0x7ffffff0 bytes (2 GiB).
    byte[] npy = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, (byte) 0xf0, (byte) 0xff,
        (byte) 0xff, 0x7f, '{', '}'};
    Path npz = MnistFixtures.kerasNpz(tmp.resolve("mnist.npz"), Map.of("y_test.npy", npy));
    assertProblem(npz, SMALL, npz + ":y_test.npy", "corrupt .npy header length 2147483632");
  }
}
