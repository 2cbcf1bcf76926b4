package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hiddenlayer.tf1.checkpoint.CheckpointReaderSaveV2Test;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code checkpoint list} and {@code checkpoint diff} on checkpoints the project did not write:
 * TensorFlow's own test checkpoint model.ckpt-46900 (a Snappy-compressed index; its contents as
 * quantization_mnist_test.py's model, see tf1/checkpoint/tf-testdata/README.md) and one tensor
 * of every TF1 dtype written by TensorFlow's SaveV2.
 */
class CheckpointCommandTfTestdataTest {
  static String mnist() {
    try {
      Path index = Path.of(CheckpointCommandTfTestdataTest.class
          .getResource("/hiddenlayer/tf1/checkpoint/tf-testdata/model.ckpt-46900.index").toURI());
      return index.resolveSibling("model.ckpt-46900").toString();
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  static String row(String name, String dtype, String shape) {
    return String.format(Locale.ROOT, "%-22s  %-7s  %s", name, dtype, shape);
  }

  @Test
  void listsTheSnappyCompressedMnistCheckpoint() {
    Cli r = Cli.run("checkpoint", "list", mnist());
    assertEquals(0, r.exitCode(), r.err());
    String[] lines = r.outLines();
    // 8 variables of the model, 2 Adam slots each, beta1_power, beta2_power, global_step
    assertEquals(27, lines.length);
    assertEquals(row("beta1_power", "float32", "[]"), lines[0]);
    assertEquals(row("conv2d_1/kernel/Adam_1", "float32", "[3, 3, 32, 64]"), lines[13]);
    assertEquals(row("global_step", "int64", "[]"), lines[26]);
  }

  @Test
  void diffOfTheMnistCheckpointWithItselfAgrees() {
    Cli r = Cli.run("checkpoint", "diff", mnist(), mnist());
    assertEquals(0, r.exitCode(), r.err());
    String[] lines = r.outLines();
    assertEquals("27 of 27 variables agree within 0; 0 differ, 0 only in A, 0 only in B",
        lines[lines.length - 1]);
  }

  @Test
  void listsEveryDtypeByItsTensorFlowName(@TempDir Path dir) {
    Path p = CheckpointReaderSaveV2Test.everyDtype(dir.resolve("a"), "hello");
    Cli r = Cli.run("checkpoint", "list", p.toString());
    assertEquals(0, r.exitCode(), r.err());
    // names in byte order; the dtype column as wide as "complex128"
    String format = "%-10s  %-10s  %s";
    List<String> expected = List.of("bfloat16", "bool", "complex128", "complex64", "float16",
        "float32", "float64", "int16", "int32", "int64", "int8", "string", "uint16", "uint8")
        .stream().map(n -> String.format(Locale.ROOT, format, n, n,
            n.equals("string") ? "[3]" : "[2]")).toList();
    assertEquals(expected, List.of(r.outLines()));
  }

  @Test
  void diffComparesEveryDtypeAndStringsByTheirBytes(@TempDir Path dir) {
    Path a = CheckpointReaderSaveV2Test.everyDtype(dir.resolve("a"), "hello");
    Path b = CheckpointReaderSaveV2Test.everyDtype(dir.resolve("b"), "hellO");
    Cli same = Cli.run("checkpoint", "diff", a.toString(), a.toString());
    assertEquals(0, same.exitCode(), same.err());
    String format = "%-10s  %-10s  %-12s  %-12s  %-12s  %s";
    assertArrayEquals(new String[] {
        String.format(Locale.ROOT, format, "complex64", "complex64", "[2]", "0", "0", "ok"),
        String.format(Locale.ROOT, format, "string", "string", "[3]", "-", "-", "ok")},
        new String[] {same.outLines()[4], same.outLines()[12]});
    Cli differ = Cli.run("checkpoint", "diff", a.toString(), b.toString());
    assertEquals(1, differ.exitCode(), differ.err());
    String[] lines = differ.outLines();
    assertEquals(String.format(Locale.ROOT, format, "string", "string", "[3]", "-", "-",
        "DIFFERS"), lines[12]);
    assertEquals("13 of 14 variables agree within 0; 1 differ, 0 only in A, 0 only in B",
        lines[lines.length - 1]);
  }
}
