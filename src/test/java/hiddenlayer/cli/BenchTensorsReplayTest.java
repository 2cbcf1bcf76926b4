package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.bench.TensorValues;
import hiddenlayer.train.StepTensors;
import hiddenlayer.train.TrainSession.RawTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --tensors VARIANT --tensors-values FILE} and {@code --tensors-replay FILE}: the
 * step of the graph without normalization written by value once, replayed op by op in the same
 * JVM with the same settings (TF's kernels on the same inputs, threads and machine give the same
 * bits), replayed from a file with one element changed, and the bad input of both.
 */
class BenchTensorsReplayTest {
  @TempDir static Path dir;
  private static Path values;
  private static List<String> replayed;

  @BeforeAll
  static void writeAndReplayOnce() {
    values = dir.resolve("none.bin");
    Cli w = Cli.run("bench", "--tensors", "none", "--tensors-values", values.toString());
    assertEquals(0, w.exitCode(), w.err());
    assertTrue(w.out().startsWith("step\t"), "the hashes are printed too");
    Cli r = Cli.run("bench", "--tensors", "none", "--tensors-replay", values.toString());
    assertEquals(0, r.exitCode(), r.err());
    replayed = Arrays.asList(r.outLines());
  }

  private static List<String> nodeRows(List<String> rows) {
    return rows.subList(0, rows.indexOf("op type\tequal\tdiffers\tskipped"));
  }

  @Test
  void theSameSettingsGiveEveryOpTheSameBits() {
    List<String> nodes = nodeRows(replayed);
    for (String row : nodes) {
      String[] f = row.split("\t");
      // the graph without normalization has no tf.cond; its variables are RefVariables
      assertTrue(f[2].equals("equal") || (f[1].equals("Identity")
          && f[2].equals("skipped (reads a variable (input " + f[0].replace("/read", "")
          + " is a ref))")), row);
    }
    // the three forward MatMuls and the gradients' five (dX of the first layer is not needed
    // but TF1's tf.gradients builds it: six)
    assertTrue(nodes.stream().filter(r -> r.endsWith("\tMatMul\tequal")).count() >= 8,
        String.join("\n", nodes));
    assertTrue(nodes.contains("MatMul\tMatMul\tequal"), String.join("\n", nodes));
    assertTrue(replayed.stream().anyMatch(r -> r.matches("MatMul\t[0-9]+\t0\t0")),
        String.join("\n", replayed));
  }

  @Test
  void oneChangedElementIsWhereTheOpDiffers() throws Exception {
    TensorValues.Capture c = TensorValues.read(values);
    List<StepTensors.Value> changed = new ArrayList<>();
    for (Map.Entry<String, RawTensor> e : c.tensors().entrySet()) {
      RawTensor t = e.getValue();
      if (e.getKey().equals("MatMul:0")) {
        byte[] b = t.bytes().clone();
        b[4 * 7] ^= 1; // element 7's lowest mantissa bit (little-endian float32)
        t = new RawTensor(t.float64(), t.shape(), b);
      }
      changed.add(new StepTensors.Value(e.getKey(), "", t));
    }
    Path other = dir.resolve("changed.bin");
    TensorValues.write(other, c.variant(), changed);
    Cli r = Cli.run("bench", "--tensors", "none", "--tensors-replay", other.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> nodes = nodeRows(Arrays.asList(r.outLines()));
    // MatMul:0 is 1000 x 512 (the train part times the first layer's width)
    assertTrue(nodes.contains("MatMul\tMatMul\tdiffers (1 of " + (1000 * 512) + " elements)"),
        String.join("\n", nodes));
    // every other op got its inputs from the file too: only MatMul's consumer (add = x·W1 + b1)
    // may see the change
    assertTrue(nodes.stream().filter(l -> l.contains("\tdiffers ("))
        .allMatch(l -> l.startsWith("MatMul\t") || l.startsWith("add\tAddV2\t")),
        String.join("\n", nodes));
  }

  @Test
  void aMissingFileIsOneLine() {
    Path missing = dir.resolve("missing.bin");
    Cli r = Cli.run("bench", "--tensors", "none", "--tensors-replay", missing.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.err().startsWith("error: " + missing + ": cannot read ("), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void aTruncatedFileIsOneLine() throws Exception {
    Path cut = dir.resolve("cut.bin");
    try (var in = Files.newInputStream(values)) {
      Files.write(cut, in.readNBytes(100_000));
    }
    Cli r = Cli.run("bench", "--tensors", "none", "--tensors-replay", cut.toString());
    assertEquals(1, r.exitCode());
    assertEquals("error: " + cut + ": not a file of bench --tensors-values (it ends early)\n",
        r.err());
  }

  @Test
  void aFileOfOtherBytesIsOneLine() throws Exception {
    Path text = dir.resolve("text.bin");
    Files.writeString(text, "step\tMatMul:0\tMatMul\tfloat32\t512000\t0123456789abcdef\t\n");
    Cli r = Cli.run("bench", "--tensors", "none", "--tensors-replay", text.toString());
    assertEquals(1, r.exitCode());
    assertEquals("error: " + text + ": not a file of bench --tensors-values (it does not start "
        + "with 'hidden-layer step values 1')\n", r.err());
  }

  @Test
  void anotherVariantsStepIsOneLine() {
    Cli r = Cli.run("bench", "--tensors", "layer", "--tensors-replay", values.toString());
    assertEquals(1, r.exitCode());
    assertEquals("error: " + values + ": holds the step of none, not of layer\n", r.err());
  }

  @Test
  void aValuesFileInAMissingDirectoryIsOneLine() {
    Path file = dir.resolve("no-such-dir").resolve("v.bin");
    Cli r = Cli.run("bench", "--tensors", "none", "--tensors-values", file.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.err().startsWith("error: " + file + ": cannot write ("), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void valuesOrReplayWithoutTensorsOrBothAreUsageErrors() {
    Cli r = Cli.run("bench", "--tensors-replay", values.toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().startsWith("error: --tensors-values and --tensors-replay need --tensors "
        + "VARIANT"), r.err());
    r = Cli.run("bench", "--tensors", "none", "--tensors-values", values.toString(),
        "--tensors-replay", values.toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().startsWith("error: --tensors-values and --tensors-replay exclude each "
        + "other"), r.err());
  }

  /**
   * On TF 1.15's runtime (a child JVM per command, the same settings): the step written by value
   * there and replayed there, op by op, gives every op the same bits, as in this JVM.
   */
  @Test
  @hiddenlayer.ChildJvm
  void tf1ReplaysItsOwnStepWithTheSameBits() {
    Path tf1 = dir.resolve("none-tf1.bin");
    Cli w = Cli.run("bench", "--tensors", "none", "--tensors-runtime", "tf1",
        "--tensors-values", tf1.toString());
    assertEquals(0, w.exitCode(), w.err());
    Cli r = Cli.run("bench", "--tensors", "none", "--tensors-runtime", "tf1",
        "--tensors-replay", tf1.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> nodes = nodeRows(Arrays.asList(r.outLines()));
    assertEquals(nodeRows(replayed).size(), nodes.size());
    for (String row : nodes) {
      String[] f = row.split("\t");
      assertTrue(f[2].equals("equal") || f[2].startsWith("skipped (reads a variable"), row);
    }
  }
}
