package hiddenlayer.tf1.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint TensorFlow wrote for its own tests, {@code model.ckpt-46900} of {@code
 * tensorflow/python/compiler/tensorrt/test/testdata} (see tf-testdata/README.md): its data
 * block is Snappy-compressed. What it holds comes from outside the reader: the
 * model {@code quantization_mnist_test.py} builds to restore it, the names {@code
 * tf.train.AdamOptimizer} gives its slots, the step in its file name, and the size of its data
 * file. And {@code old_string_tensors/foo} of TensorFlow's tensor bundle test, as that test reads
 * it.
 */
class CheckpointReaderTfTestdataTest {
  static Path testdata(String prefix) {
    try {
      Path index = Path.of(CheckpointReaderTfTestdataTest.class
          .getResource("tf-testdata/" + prefix + ".index").toURI());
      return index.resolveSibling(prefix);
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  static final Path MNIST = testdata("model.ckpt-46900");

  /**
   * quantization_mnist_test.py's _BuildGraph: conv2d (3x3, 1 -> 32 channels), conv2d_1 (3x3,
   * 32 -> 64), dense (64 -> 512), dense_1 (512 -> 10), each a kernel and a bias, float32.
   */
  static Map<String, long[]> mnistModel() {
    Map<String, long[]> m = new LinkedHashMap<>();
    m.put("conv2d/kernel", new long[] {3, 3, 1, 32});
    m.put("conv2d/bias", new long[] {32});
    m.put("conv2d_1/kernel", new long[] {3, 3, 32, 64});
    m.put("conv2d_1/bias", new long[] {64});
    m.put("dense/kernel", new long[] {64, 512});
    m.put("dense/bias", new long[] {512});
    m.put("dense_1/kernel", new long[] {512, 10});
    m.put("dense_1/bias", new long[] {10});
    return m;
  }

  /** The model's variables, their Adam slots (var/Adam, var/Adam_1), the Adam and step scalars. */
  static Map<String, long[]> mnistCheckpoint() {
    Map<String, long[]> m = new LinkedHashMap<>();
    mnistModel().forEach((n, s) -> {
      m.put(n, s);
      m.put(n + "/Adam", s);
      m.put(n + "/Adam_1", s);
    });
    m.put("beta1_power", new long[0]);
    m.put("beta2_power", new long[0]);
    m.put("global_step", new long[0]);
    return m;
  }

  @Test
  void itsDataBlockIsSnappyCompressed() throws IOException {
    byte[] file = Files.readAllBytes(Path.of(MNIST + ".index"));
    // table/format.h: the byte after a block's contents is its type, 1 = kSnappyCompression
    assertEquals(1, file[dataBlockSize(file)]);
  }

  @Test
  void listsTheMnistModelItsAdamSlotsAndTheStep() {
    CheckpointReader r = CheckpointReader.open(MNIST.toString());
    Map<String, long[]> expected = mnistCheckpoint();
    assertEquals(expected.keySet().stream().sorted().toList(), List.copyOf(r.entries().keySet()));
    long bytes = 0;
    for (CheckpointReader.Entry e : r.entries().values()) {
      assertArrayEquals(expected.get(e.name()), e.shape(), e.name());
      assertEquals(e.name().equals("global_step") ? "int64" : "float32", e.dtype(), e.name());
      long n = 1;
      for (long d : e.shape()) {
        n *= d;
      }
      bytes += n * (e.name().equals("global_step") ? 8 : 4);
    }
    // the size git records for model.ckpt-46900.data-00000-of-00001
    assertEquals(686728, bytes);
  }

  @Test
  void restoreV2ReadsTheStepAndAdamsPowersOfBeta() {
    Map<String, double[]> v = CheckpointReader.open(MNIST.toString())
        .values(List.of("global_step", "beta1_power", "beta2_power"));
    // Saver.save(sess, "model.ckpt", global_step=46900)
    assertArrayEquals(new double[] {46900}, v.get("global_step"));
    // Adam starts beta_power at beta and multiplies it by beta after each of the 46900 steps:
    // 0.9^46901 is below float32's smallest subnormal, 0.999^46901 ~ 4.2e-21 (float32 drift)
    assertArrayEquals(new double[] {0}, v.get("beta1_power"));
    double beta2 = Math.pow(0.999, 46901);
    assertEquals(beta2, v.get("beta2_power")[0], beta2 * 1e-3);
  }

  @Test
  void restoreV2ReadsEveryTensorOfTheCompressedCheckpoint() {
    CheckpointReader r = CheckpointReader.open(MNIST.toString());
    Map<String, double[]> v = r.values(List.copyOf(r.entries().keySet()));
    mnistCheckpoint().forEach((n, shape) -> {
      long count = 1;
      for (long d : shape) {
        count *= d;
      }
      assertEquals(count, v.get(n).length, n);
    });
  }

  @Test
  void aFlippedByteInACompressedBlockIsAChecksumMismatch(@TempDir Path dir) throws IOException {
    byte[] file = Files.readAllBytes(Path.of(MNIST + ".index"));
    file[10] ^= 1; // inside the (compressed) data block at offset 0
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> CheckpointReader.open(copy(dir, file).toString()));
    assertTrue(e.getMessage().endsWith(".index: not a valid checkpoint index (block checksum "
        + "mismatch)"), e.getMessage());
  }

  @Test
  void aCompressedBlockThatIsNotSnappyIsCorrupted(@TempDir Path dir) throws IOException {
    byte[] file = Files.readAllBytes(Path.of(MNIST + ".index"));
    int off = 0;
    int n = dataBlockSize(file);
    // a preamble promising more bytes than the block's literals and copies give, re-checksummed
    file[off] = (byte) 0xff;
    file[off + 1] = (byte) 0x7f;
    rechecksum(file, off, n);
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> CheckpointReader.open(copy(dir, file).toString()));
    assertTrue(e.getMessage().endsWith(".index: not a valid checkpoint index (corrupted "
        + "compressed block contents)"), e.getMessage());
  }

  @Test
  void aBlockOfAnotherTypeIsABadBlockType(@TempDir Path dir) throws IOException {
    byte[] file = Files.readAllBytes(Path.of(MNIST + ".index"));
    int n = dataBlockSize(file);
    file[n] = 2; // format.h knows 0 (none) and 1 (Snappy)
    rechecksum(file, 0, n);
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> CheckpointReader.open(copy(dir, file).toString()));
    assertTrue(e.getMessage().endsWith(".index: not a valid checkpoint index (bad block type 2)"),
        e.getMessage());
  }

  /** Rewrites the trailer's masked CRC32C of block contents [off, off + n) and its type byte. */
  static void rechecksum(byte[] file, int off, int n) {
    CRC32C crc = new CRC32C();
    crc.update(file, off, n + 1);
    int c = (int) crc.getValue();
    int masked = ((c >>> 15) | (c << 17)) + 0xa282ead8;
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(off + n + 1, masked);
  }

  static final Path OLD_STRINGS = testdata("foo");

  /**
   * tensor_bundle_test.cc's StringTensorsOldFormat reads old_string_tensors/foo: an empty string
   * [1], "hello" [1], {"hello", "", "x01", 1024 x 'c'} and a 2x3 float32 of 16.18.
   */
  @Test
  void readsTheOldStringTensorsOfTensorBundleTest() {
    CheckpointReader r = CheckpointReader.open(OLD_STRINGS.toString());
    assertEquals(List.of("floats", "scalar", "string_tensor", "strs"),
        List.copyOf(r.entries().keySet()));
    assertEquals("float32", r.entries().get("floats").dtype());
    assertArrayEquals(new long[] {2, 3}, r.entries().get("floats").shape());
    for (String n : List.of("scalar", "string_tensor", "strs")) {
      assertEquals("string", r.entries().get(n).dtype(), n);
    }
    assertArrayEquals(new long[] {1}, r.entries().get("scalar").shape());
    assertArrayEquals(new long[] {1}, r.entries().get("string_tensor").shape());
    assertArrayEquals(new long[] {4}, r.entries().get("strs").shape());
    double f = 16.18f;
    assertArrayEquals(new double[] {f, f, f, f, f, f},
        r.values(List.of("floats")).get("floats"));
    Map<String, List<byte[]>> s = r.strings(List.of("scalar", "string_tensor", "strs"));
    assertArrayEquals(bytes("hello"), s.get("scalar").get(0));
    assertArrayEquals(bytes(""), s.get("string_tensor").get(0));
    List<byte[]> strs = s.get("strs");
    assertArrayEquals(bytes("hello"), strs.get(0));
    assertArrayEquals(bytes(""), strs.get(1));
    assertArrayEquals(bytes("x01"), strs.get(2));
    assertArrayEquals(bytes("c".repeat(1 << 10)), strs.get(3));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The size of the one data block at offset 0 (table_builder.cc writes the data blocks, then
   * the metaindex block, whose offset the footer's first varint gives), less its 5-byte trailer.
   */
  static int dataBlockSize(byte[] file) throws IOException {
    return (int) CodedInputStream.newInstance(file, file.length - 48, 40).readRawVarint64() - 5;
  }

  private static Path copy(Path dir, byte[] index) throws IOException {
    Path prefix = dir.resolve("model");
    Files.write(Path.of(prefix + ".index"), index);
    Files.copy(Path.of(MNIST + CheckpointReader.DATA_SUFFIX),
        Path.of(prefix + CheckpointReader.DATA_SUFFIX));
    return prefix;
  }
}
