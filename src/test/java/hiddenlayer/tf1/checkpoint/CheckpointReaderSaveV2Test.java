package hiddenlayer.tf1.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Constant;
import org.tensorflow.proto.DataType;

/**
 * Checkpoints TensorFlow's own {@code SaveV2} writes in the test: every dtype a TF1 checkpoint
 * holds, and an index of several data blocks. What they hold is what the test gave {@code
 * SaveV2}.
 */
public class CheckpointReaderSaveV2Test {
  /** TF's table::Options::block_size: a data block is flushed once it holds this many bytes. */
  static final int BLOCK_SIZE = 262144;

  /** Runs SaveV2 of {@code tensors} (name to a tensor built in {@code g}) to {@code prefix}. */
  static void save(Graph g, Ops tf, Path prefix, Map<String, Output<?>> tensors) {
    String[] names = tensors.keySet().toArray(new String[0]);
    String[] slices = new String[names.length];
    java.util.Arrays.fill(slices, "");
    var save = g.opBuilder("SaveV2", "save", tf.scope())
        .addInput(tf.constant(prefix.toString()).asOutput())
        .addInput(Constant.vectorOf(tf.scope(), names).asOutput())
        .addInput(Constant.vectorOf(tf.scope(), slices).asOutput())
        .addInputList(tensors.values().toArray(new Output<?>[0]))
        .build();
    try (Session s = new Session(g)) {
      s.runner().addTarget(save).run();
    }
  }

  static Output<?> cast(Graph g, Ops tf, Operand<?> x, DataType to) {
    return g.opBuilder("Cast", "cast_" + to.name(), tf.scope()).addInput(x.asOutput())
        .setAttr("DstT", to).build().output(0);
  }

  /** TF's name of each dtype, and the tensor saved under it: [3, -2] (unsigned, bool: [3, 0]). */
  static final Map<String, DataType> DTYPES = new LinkedHashMap<>();

  static {
    DTYPES.put("float16", DataType.DT_HALF);
    DTYPES.put("bfloat16", DataType.DT_BFLOAT16);
    DTYPES.put("float32", DataType.DT_FLOAT);
    DTYPES.put("float64", DataType.DT_DOUBLE);
    DTYPES.put("int8", DataType.DT_INT8);
    DTYPES.put("int16", DataType.DT_INT16);
    DTYPES.put("int32", DataType.DT_INT32);
    DTYPES.put("int64", DataType.DT_INT64);
    DTYPES.put("uint8", DataType.DT_UINT8);
    DTYPES.put("uint16", DataType.DT_UINT16);
    DTYPES.put("bool", DataType.DT_BOOL);
    DTYPES.put("complex64", DataType.DT_COMPLEX64);
    DTYPES.put("complex128", DataType.DT_COMPLEX128);
  }

  static boolean unsigned(String dtype) {
    return dtype.startsWith("uint") || dtype.equals("bool");
  }

  static Path everyDtype(Path dir) {
    return everyDtype(dir.resolve("dtypes"), "hello");
  }

  /**
   * A checkpoint of one [2] tensor per dtype, named by the dtype, and a string tensor "string"
   * of {@code first}, "" and "\u00e9".
   */
  public static Path everyDtype(Path prefix, String first) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Map<String, Output<?>> t = new LinkedHashMap<>();
      Operand<?> signed = tf.constant(new float[] {3, -2});
      Operand<?> unsigned = tf.constant(new float[] {3, 0});
      DTYPES.forEach((name, dt) -> t.put(name, cast(g, tf, unsigned(name) ? unsigned : signed,
          dt)));
      t.put("string",
          Constant.vectorOf(tf.scope(), new String[] {first, "", "\u00e9"}).asOutput());
      save(g, tf, prefix, t);
    }
    return prefix;
  }

  @Test
  void listsEveryDtypeByTensorFlowsName(@TempDir Path dir) {
    CheckpointReader r = CheckpointReader.open(everyDtype(dir).toString());
    assertEquals(DTYPES.size() + 1, r.entries().size());
    DTYPES.keySet().forEach(n -> {
      assertEquals(n, r.entries().get(n).dtype());
      assertArrayEquals(new long[] {2}, r.entries().get(n).shape(), n);
    });
    assertEquals("string", r.entries().get("string").dtype());
    assertArrayEquals(new long[] {3}, r.entries().get("string").shape());
  }

  @Test
  void readsTheValuesOfEveryNumericDtype(@TempDir Path dir) {
    CheckpointReader r = CheckpointReader.open(everyDtype(dir).toString());
    Map<String, double[]> v = r.values(List.copyOf(DTYPES.keySet()));
    DTYPES.keySet().forEach(n -> {
      double[] expected = n.startsWith("complex") ? new double[] {3, 0, -2, 0}
          : n.equals("bool") ? new double[] {1, 0}
          : unsigned(n) ? new double[] {3, 0} : new double[] {3, -2};
      assertArrayEquals(expected, v.get(n), n);
    });
  }

  @Test
  void readsStringsAsBytesAndNotAsNumbers(@TempDir Path dir) {
    CheckpointReader r = CheckpointReader.open(everyDtype(dir).toString());
    List<byte[]> s = r.strings(List.of("string")).get("string");
    assertEquals(3, s.size());
    assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), s.get(0));
    assertArrayEquals(new byte[0], s.get(1));
    assertArrayEquals(new byte[] {(byte) 0xc3, (byte) 0xa9}, s.get(2));
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> r.values(List.of("string")));
    assertTrue(e.getMessage().endsWith(": tensor string has dtype string, which cannot be "
        + "compared as numbers"), e.getMessage());
  }

  /** {@code n} int32 scalars whose names differ in their first characters and are 200 long. */
  static Map<String, Integer> manyTensors(int n) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put(String.format("%04d/", i) + "v".repeat(195), i);
    }
    return m;
  }

  @Test
  void readsAnIndexOfSeveralDataBlocks(@TempDir Path dir) throws IOException {
    Path prefix = dir.resolve("many");
    Map<String, Integer> tensors = manyTensors(3000);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Map<String, Output<?>> t = new LinkedHashMap<>();
      tensors.forEach((n, v) -> t.put(n, tf.constant(v).asOutput()));
      save(g, tf, prefix, t);
    }
    // each entry holds its 200-byte key less the 2 to 4 bytes shared with the one before:
    // TableBuilder must have flushed data blocks of BLOCK_SIZE bytes at least twice
    assertTrue(Files.size(Path.of(prefix + ".index")) > 2 * BLOCK_SIZE);
    CheckpointReader r = CheckpointReader.open(prefix.toString());
    assertEquals(List.copyOf(tensors.keySet()), List.copyOf(r.entries().keySet()));
    r.entries().values().forEach(e -> assertEquals("int32", e.dtype()));
    Map<String, double[]> v = r.values(List.copyOf(tensors.keySet()));
    for (String n : tensors.keySet()) {
      assertArrayEquals(new double[] {tensors.get(n)}, v.get(n), n);
    }
  }
}
