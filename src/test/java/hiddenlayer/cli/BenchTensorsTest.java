package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --tensors} and {@code --tensors-diff}: one capture of the layer-norm graph (its
 * tensors as TF's graph has them), compared with itself and with a copy whose one hash is
 * changed; and the bad input of both.
 */
class BenchTensorsTest {
  @TempDir static Path dir;
  private static Path capture;
  private static List<String> lines;

  @BeforeAll
  static void captureOnce() throws Exception {
    Cli r = Cli.run("bench", "--tensors", "layer");
    assertEquals(0, r.exitCode(), r.err());
    capture = dir.resolve("layer.txt");
    Files.writeString(capture, r.out(), StandardCharsets.UTF_8);
    lines = Arrays.asList(r.outLines());
  }

  private static long count(String phase) {
    return lines.stream().filter(l -> l.startsWith(phase + "\t")).count();
  }

  @Test
  void listsTheStepTheEvalPassAndEveryVariableAfterAStep() {
    // after: W and b of 3 layers, gamma and beta of 2 layer norms, beta1_power, beta2_power,
    // and Adam's m and v of each of the 10 trainable variables.
    assertEquals(6 + 4 + 2 + 2 * 10, count("after"));
    // the forward MatMuls, and in the step the gradients' MatMuls (dW and dX of each layer but
    // the first's dX, and TF1's tf.gradients computes that too)
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("eval\tMatMul:0\tMatMul\tfloat32\t"
        + (10000 * 512) + "\t")), capture.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("step\tgradients/MatMul_grad/MatMul_1:0"
        + "\tMatMul\tfloat32\t" + (784 * 512) + "\t")), capture.toString());
    assertTrue(count("step") > count("eval"));
    assertTrue(lines.stream().noneMatch(l -> l.contains("\tApplyAdam\t")), "no update fetched");
  }

  @Test
  void aCaptureEqualsItself() {
    Cli r = Cli.run("bench", "--tensors-diff", capture.toString(), capture.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("step   0 of " + count("step") + " tensors differ\n"
        + "eval   0 of " + count("eval") + " tensors differ\n"
        + "after  0 of " + count("after") + " tensors differ\n"), r.out());
  }

  @Test
  void aChangedHashIsWhereTheKernelDiffers() throws Exception {
    int i = 0;
    while (!lines.get(i).startsWith("step\tMatMul:0\t")) {
      i++;
    }
    String[] f = lines.get(i).split("\t", -1);
    f[5] = f[5].charAt(0) == '0' ? "1" + f[5].substring(1) : "0" + f[5].substring(1);
    List<String> changed = new java.util.ArrayList<>(lines);
    changed.set(i, String.join("\t", f));
    Path other = dir.resolve("changed.txt");
    Files.write(other, changed, StandardCharsets.UTF_8);
    Cli r = Cli.run("bench", "--tensors-diff", capture.toString(), other.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("step   1 of "), r.out());
    assertTrue(r.out().contains("first in step: MatMul:0 (MatMul)\n"), r.out());
    assertTrue(r.out().contains("op types whose kernel differs (inputs equal): {MatMul=1}\n"),
        r.out());
    assertTrue(r.out().endsWith("step\tMatMul:0\tMatMul\torigin\n"), r.out());
  }

  @Test
  void aMissingFileIsOneLine() {
    Path missing = dir.resolve("missing.txt");
    Cli r = Cli.run("bench", "--tensors-diff", capture.toString(), missing.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.err().startsWith("error: " + missing + ": cannot read ("), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void aFileOfOtherLinesIsOneLine() throws Exception {
    Path bad = dir.resolve("bad.txt");
    Files.writeString(bad, "10 0.8088 1.0658 1.0567 0.7090 0.6500 0.6557\n");
    Cli r = Cli.run("bench", "--tensors-diff", capture.toString(), bad.toString());
    assertEquals(1, r.exitCode());
    assertEquals("error: " + bad + ": line 1 is not a line of bench --tensors\n", r.err());
  }

  @Test
  void capturesOfTwoGraphsAreOneLine() throws Exception {
    Path shorter = dir.resolve("shorter.txt");
    Files.write(shorter, lines.subList(0, 10), StandardCharsets.UTF_8);
    Cli r = Cli.run("bench", "--tensors-diff", capture.toString(), shorter.toString());
    assertEquals(1, r.exitCode());
    assertEquals("error: " + capture + " and " + shorter + ": the captures list " + lines.size()
        + " and 10 tensors: not the same graph\n", r.err());
  }

  /**
   * The same tensors on TF 1.15's runtime, and the same initial weights to the bit: they come
   * from Philox, a function of the seeds and the index only (TF1_SEMANTICS section 8).
   */
  @Test
  @hiddenlayer.ChildJvm
  void tf1ListsTheSameTensorsAndTheSameInitialWeights() {
    Cli r = Cli.run("bench", "--tensors", "layer", "--tensors-runtime", "tf1");
    assertEquals(0, r.exitCode(), r.err());
    List<String> tf1 = Arrays.asList(r.outLines());
    assertEquals(lines.size(), tf1.size());
    int weights = 0;
    for (int i = 0; i < lines.size(); i++) {
      String[] a = lines.get(i).split("\t", -1);
      String[] b = tf1.get(i).split("\t", -1);
      assertEquals(List.of(a[0], a[1], a[2], a[3], a[4], a[6]),
          List.of(b[0], b[1], b[2], b[3], b[4], b[6]), "tensor " + (i + 1));
      if (a[0].equals("step") && a[1].matches("Variable(_[0-9]+)?/read:0")) {
        assertEquals(a[5], b[5], a[1]);
        weights++;
      }
    }
    assertEquals(6, weights);
  }

  @Test
  void anUnknownVariantIsAUsageError() {
    Cli r = Cli.run("bench", "--tensors", "batch");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().startsWith("error: --tensors takes none, layer, batch-keras or "
        + "batch-collected, got 'batch'"), r.err());
  }
}
