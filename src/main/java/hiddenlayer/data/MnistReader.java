package hiddenlayer.data;

import hiddenlayer.Background;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads MNIST from a directory of IDX files, a Keras {@code mnist.npz} or the bundled copy,
 * and checks it against a {@link MnistSpec} before anything is returned.
 */
final class MnistReader {
  /** Where the bundled copy sits on the classpath (packed from the top-level resources/mnist). */
  static final String BUNDLED_DIR = "/mnist/";

  private MnistReader() {}

  /** Opens one part of a copy, its header read and checked. */
  @FunctionalInterface
  private interface Opener {
    ArrayFile open(MnistPart part);
  }

  private record Pair(byte[] images, byte[] labels) {}

  static MnistData load(Path path, MnistSpec spec) {
    if (Files.isDirectory(path)) {
      return read(part -> openIdx(path, part), spec);
    }
    if (!Files.exists(path)) {
      throw new DataException(path + ": no such directory or .npz file");
    }
    if (!path.getFileName().toString().endsWith(".npz")) {
      throw new DataException(
          path + ": neither a directory of MNIST IDX files nor a Keras .npz archive");
    }
    return readNpz(path, spec);
  }

  static MnistData loadBundled(MnistSpec spec) {
    return read(MnistReader::openBundled, spec);
  }

  /**
   * Reads the test pair on a second thread while this one reads the train pair (decompression
   * and SHA-256 are CPU-bound; the train images are about 85% of the work). A problem with the
   * train pair is reported first, as when they were read one after the other.
   */
  private static MnistData read(Opener opener, MnistSpec spec) {
    Future<Pair> testTask = Background.start("mnist-test-reader",
        () -> readPair(opener, MnistPart.TEST_IMAGES, MnistPart.TEST_LABELS, spec));
    Pair train;
    try {
      train = readPair(opener, MnistPart.TRAIN_IMAGES, MnistPart.TRAIN_LABELS, spec);
    } catch (RuntimeException e) {
      testTask.cancel(true);
      throw e;
    }
    Pair test = Background.join(testTask);
    return new MnistData(train.images(), train.labels(), test.images(), test.labels());
  }

  private static Pair readPair(
      Opener opener, MnistPart imagePart, MnistPart labelPart, MnistSpec spec) {
    try (ArrayFile images = opener.open(imagePart);
        ArrayFile labels = opener.open(labelPart)) {
      checkShapes(images, labels, spec.count(imagePart));
      byte[] x = readChecked(images, imagePart, spec);
      byte[] y = readChecked(labels, labelPart, spec);
      return new Pair(x, y);
    }
  }

  /** Shapes first, so that a wrong header never makes us read (or allocate) a wrong payload. */
  private static void checkShapes(ArrayFile images, ArrayFile labels, int count) {
    long[] s = images.shape();
    if (s.length != 3 || s[1] != MnistData.ROWS || s[2] != MnistData.COLS) {
      throw images.problem(
          "wrong shape: expected (" + count + ", 28, 28) images, got " + ArrayFile.format(s));
    }
    long[] t = labels.shape();
    if (t.length != 1) {
      throw labels.problem(
          "wrong shape: expected (" + count + ",) labels, got " + ArrayFile.format(t));
    }
    if (t[0] != s[0]) {
      throw labels.problem(
          "label count mismatch: " + t[0] + " labels, but " + images.name() + " has "
              + s[0] + " images");
    }
    if (s[0] != count) {
      throw images.problem("wrong count: expected " + count + " images, got " + s[0]);
    }
  }

  private static byte[] readChecked(ArrayFile file, MnistPart part, MnistSpec spec) {
    byte[] payload = file.readPayload();
    spec.expectedSha256(part)
        .ifPresent(
            expected -> {
              String actual = sha256(payload);
              if (!actual.equals(expected)) {
                throw file.problem(
                    "checksum mismatch: payload SHA-256 is " + actual + ", expected " + expected);
              }
            });
    return payload;
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The raw file wins over the .gz when both exist (as in torchvision's MNIST/raw). */
  private static ArrayFile openIdx(Path dir, MnistPart part) {
    Path raw = dir.resolve(part.idxName);
    Path gz = dir.resolve(part.idxName + ".gz");
    Path file = Files.isRegularFile(raw) ? raw : gz;
    if (!Files.isRegularFile(file)) {
      throw new DataException(
          dir + ": missing " + part.idxName + ": looked for " + gz + " and " + raw);
    }
    try {
      return IdxFile.open(file.toString(), Files.newInputStream(file), file == gz, part);
    } catch (IOException e) {
      throw new DataException(file + ": cannot open: " + e.getMessage(), e);
    }
  }

  private static ArrayFile openBundled(MnistPart part) {
    String resource = BUNDLED_DIR + part.idxName + ".gz";
    InputStream in = MnistReader.class.getResourceAsStream(resource);
    if (in == null) {
      throw new DataException(
          "bundled " + resource + ": missing from the classpath (a broken build?)");
    }
    return IdxFile.open("bundled " + resource, in, true, part);
  }

  private static MnistData readNpz(Path path, MnistSpec spec) {
    try (ZipFile zip = new ZipFile(path.toFile())) {
      return read(part -> openEntry(zip, path, part), spec);
    } catch (ZipException e) {
      throw new DataException(path + ": not a zip archive (.npz): " + e.getMessage(), e);
    } catch (IOException e) {
      throw new DataException(path + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static ArrayFile openEntry(ZipFile zip, Path path, MnistPart part) {
    ZipEntry entry = zip.getEntry(part.npyName);
    String name = path + ":" + part.npyName;
    if (entry == null) {
      String has =
          Collections.list(zip.entries()).stream()
              .map(ZipEntry::getName)
              .collect(Collectors.joining(", "));
      throw new DataException(
          path + ": missing " + part.npyName + " (the archive has: " + has + ")");
    }
    try {
      return NpyFile.open(name, zip.getInputStream(entry));
    } catch (IOException e) {
      throw new DataException(name + ": corrupt zip entry: " + e.getMessage(), e);
    }
  }
}
