package hiddenlayer.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small synthetic MNIST copies in the real formats: 6 training and 2 test images. */
final class MnistFixtures {
  static final int TRAIN = 6;
  static final int TEST = 2;
  /** Counts of the synthetic copies, no fingerprints. */
  static final MnistSpec SMALL = new MnistSpec(TRAIN, TEST, Map.of());

  private MnistFixtures() {}

  /** Deterministic pixels covering 0..255. */
  static byte[] images(int count, int salt) {
    byte[] b = new byte[count * MnistData.PIXELS];
    for (int k = 0; k < b.length; k++) {
      b[k] = (byte) (k * 7 + salt);
    }
    return b;
  }

  static byte[] labels(int count, int salt) {
    byte[] b = new byte[count];
    for (int k = 0; k < count; k++) {
      b[k] = (byte) ((k + salt) % 10);
    }
    return b;
  }

  /** The payload of each part of the synthetic copy. */
  static byte[] payload(MnistPart part) {
    return switch (part) {
      case TRAIN_IMAGES -> images(TRAIN, 1);
      case TRAIN_LABELS -> labels(TRAIN, 1);
      case TEST_IMAGES -> images(TEST, 2);
      case TEST_LABELS -> labels(TEST, 2);
    };
  }

  static long[] shape(MnistPart part) {
    int n = part == MnistPart.TRAIN_IMAGES || part == MnistPart.TRAIN_LABELS ? TRAIN : TEST;
    return part.isImages() ? new long[] {n, 28, 28} : new long[] {n};
  }

  /** An IDX file: big-endian magic, dimensions, payload. */
  static byte[] idx(int magic, long[] dims, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
    b.putInt(magic);
    for (long d : dims) {
      b.putInt((int) d);
    }
    return b.put(payload).array();
  }

  static byte[] idx(MnistPart part) {
    return idx(part.idxMagic(), shape(part), payload(part));
  }

  /** A version 1.0 .npy file, header padded with spaces and a newline to 64 bytes like numpy. */
  static byte[] npy(String descr, long[] shape, byte[] data) {
    String tuple = ArrayFile.format(shape);
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }";
    int unpadded = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(header.length() & 0xFF);
    out.write(header.length() >> 8);
    out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(data);
    return out.toByteArray();
  }

  static byte[] npy(MnistPart part) {
    return npy("|u1", shape(part), payload(part));
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Writes the synthetic copy as four IDX files, gzip-compressed or raw. */
  static Path idxDir(Path dir, boolean gzipped) throws IOException {
    for (MnistPart part : MnistPart.values()) {
      byte[] file = idx(part);
      Files.write(dir.resolve(part.idxName + (gzipped ? ".gz" : "")), gzipped ? gzip(file) : file);
    }
    return dir;
  }

  static Path npz(Path file, Map<String, byte[]> entries) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }

  /** The synthetic copy as Keras' mnist.npz, with {@code replacements} swapped in. */
  static Path kerasNpz(Path file, Map<String, byte[]> replacements) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (MnistPart part : MnistPart.values()) {
      entries.put(part.npyName, npy(part));
    }
    entries.putAll(replacements);
    return npz(file, entries);
  }
}
