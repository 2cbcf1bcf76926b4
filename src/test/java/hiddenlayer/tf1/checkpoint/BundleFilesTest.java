package hiddenlayer.tf1.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint the project did not write (the test's own writer of the bundle format) is read
 * by the project's index reader and by TensorFlow's RestoreV2; and the test's writer and
 * reader agree with each other.
 */
class BundleFilesTest {
  static Map<String, BundleFiles.Tensor> fewTensors() {
    Map<String, BundleFiles.Tensor> t = new LinkedHashMap<>();
    t.put("w", BundleFiles.Tensor.floats(new long[] {2, 3}, 1, -2, 3.5, 0, 1e-7, -0.25));
    t.put("b", BundleFiles.Tensor.floats(new long[] {3}, 0.5, 0.25, 0.125));
    t.put("scope/step", new BundleFiles.Tensor(BundleFiles.DT_INT64, new long[0],
        new double[] {42}));
    t.put("scope/x64", new BundleFiles.Tensor(BundleFiles.DT_DOUBLE, new long[] {2},
        new double[] {Math.PI, -Math.E}));
    t.put("scope/i", new BundleFiles.Tensor(BundleFiles.DT_INT32, new long[] {1, 1},
        new double[] {-7}));
    return t;
  }

  @Test
  void testWriterAndReaderAgree(@TempDir Path dir) throws IOException {
    Path prefix = dir.resolve("few");
    BundleFiles.write(prefix, fewTensors());
    BundleFiles.Bundle b = BundleFiles.read(prefix);
    assertEquals(new BundleFiles.Header(1, 0, 1), b.header());
    assertEquals(List.of("b", "scope/i", "scope/step", "scope/x64", "w"),
        List.copyOf(b.tensors().keySet()));
    assertArrayEquals(new double[] {1, -2, 3.5, 0, (float) 1e-7, -0.25},
        b.tensors().get("w").values());
  }

  @Test
  void projectReaderListsAFileItDidNotWrite(@TempDir Path dir) throws IOException {
    Path prefix = dir.resolve("few");
    BundleFiles.write(prefix, fewTensors());
    CheckpointReader r = CheckpointReader.open(prefix.toString());
    assertEquals(List.of("b", "scope/i", "scope/step", "scope/x64", "w"),
        List.copyOf(r.entries().keySet()));
    assertEquals("float32", r.entries().get("w").dtype());
    assertArrayEquals(new long[] {2, 3}, r.entries().get("w").shape());
    assertEquals("int64", r.entries().get("scope/step").dtype());
    assertArrayEquals(new long[0], r.entries().get("scope/step").shape());
    assertEquals("float64", r.entries().get("scope/x64").dtype());
    assertEquals("int32", r.entries().get("scope/i").dtype());
  }

  @Test
  void tensorFlowsRestoreV2ReadsAFileTheProjectDidNotWrite(@TempDir Path dir)
      throws IOException {
    Path prefix = dir.resolve("few");
    BundleFiles.write(prefix, fewTensors());
    Map<String, double[]> v = CheckpointReader.open(prefix.toString())
        .values(List.of("w", "scope/step", "scope/x64", "scope/i"));
    assertArrayEquals(new double[] {1, -2, 3.5, 0, (float) 1e-7, -0.25}, v.get("w"));
    assertArrayEquals(new double[] {42}, v.get("scope/step"));
    assertArrayEquals(new double[] {Math.PI, -Math.E}, v.get("scope/x64"));
    assertArrayEquals(new double[] {-7}, v.get("scope/i"));
  }
}
