package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import hiddenlayer.ChildJvm;
import hiddenlayer.NotebookRows;
import hiddenlayer.tf115.Tf115Runtime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --runtime tf1}: the notebook on TF 1.15.0's own runtime. The expected rows are the
 * notebook's printed output (src/site/markdown/TF1_SEMANTICS.md section 6 for epoch 10, the
 * README's table for epoch 20); section 9 records that TF 1.15 on one CPU prints 0.5822 for the
 * notebook's 0.5821 at epoch 20, and another CPU prints 0.5821: epoch 20 on TF 1.15 is checked
 * within one unit of the notebook's row's last digit, never against one machine's digit ({@link
 * NotebookRows#assertWithinOneUnit}). So is epoch 10 and the final line: TF 1.15's Eigen kernels
 * split their sums by the intra-op thread count, so any printed cell may move by one unit on
 * another machine (src/site/markdown/TF1_SEMANTICS.md section 8); the number of lines is exact.
 */
class RunTf1CommandTest {
  @Test
  @ChildJvm
  void printsTheNotebooksFirstRowOnTf115(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("run.json");
    Path graph = dir.resolve("graph.pbtxt");
    Cli r = Cli.run("run", "--runtime", "tf1", "--epochs", "10", "--quiet",
        "--json", json.toString(), "--export-graph", graph.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(2, r.outLines().length, r.out());
    NotebookRows.assertWithinOneUnit(NotebookRows.FIRST_ROW, r.outLines()[0]);
    NotebookRows.assertValueWithinOneUnit(NotebookRows.FIRST_ROW_TEST_ACCURACY, r.outLines()[1]);

    JsonObject summary = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    assertEquals("tf1", summary.getAsJsonObject("options").get("runtime").getAsString());
    assertEquals("1.15.0",
        summary.getAsJsonObject("versions").get("runtime_tensorflow").getAsString());
    // the exported graph is the one TF 1.15 ran: MatMul without TF 2.18's grad_a / grad_b
    String pbtxt = Files.readString(graph);
    assertTrue(pbtxt.contains("op: \"MatMul\""), "no MatMul in the export");
    assertFalse(pbtxt.contains("grad_a"), "grad_a exported to TF 1.15");
  }

  /**
   * TF1's gradient subgraph ({@code --gradients tf1}) imports into TF 1.15 and trains there: its
   * two rows are the notebook's within one unit of the last digit (row 20's train loss is near a
   * rounding boundary, which CPUs round either way on TF 1.15), and its best epoch the notebook's:
   * its final line is row 20's test accuracy, within one unit like the row's.
   */
  @Test
  @ChildJvm
  void tf1GradientsRunOnTf115AndPrintTheNotebooksFirstRows() {
    Cli r = Cli.run("run", "--runtime", "tf1", "--gradients", "tf1", "--epochs", "20",
        "--quiet");
    assertEquals(0, r.exitCode(), r.err());
    String[] lines = r.outLines();
    assertEquals(3, lines.length, r.out());
    NotebookRows.assertWithinOneUnit(NotebookRows.FIRST_ROW, lines[0]);
    NotebookRows.assertWithinOneUnit(NotebookRows.ROW_20, lines[1]);
    // the best epoch is 20 (valid accuracy 0.68 against 0.65, three images apart): its test
    // accuracy is the row's
    assertEquals(Double.parseDouble(lines[1].split(" ")[NotebookRows.TEST_ACCURACY]),
        Double.parseDouble(lines[2]), 1e-12, r.out());
    NotebookRows.assertValueWithinOneUnit(NotebookRows.ROW_20_TEST_ACCURACY, lines[2]);
  }

  /**
   * {@code compare --run --runtime tf1} with the registry's gradient graph: at the default
   * tolerance (one unit of the last digit) it matches the notebook's two rows, whichever way the
   * CPU rounds epoch 20's train loss (0.5822 on one, the notebook's 0.5821 on another) or any
   * other cell; at tolerance 0 it matches exactly when every printed cell is the notebook's, and
   * otherwise sees the one unit as a mismatch.
   */
  @Test
  @ChildJvm
  void compareRunsOnTf115AndSeesTheOneUnitAtEpoch20(@TempDir Path dir) throws IOException {
    Path expected = dir.resolve("notebook.log");
    Files.writeString(expected, NotebookRows.FIRST_ROW + "\n" + NotebookRows.ROW_20 + "\n"
        + NotebookRows.ROW_20_TEST_ACCURACY + "\n");
    // The registry's gradient graph (TF1's own prints row 20 within one unit on TF 1.15).
    Cli within = Cli.run("compare", expected.toString(), "--run", "--runtime", "tf1",
        "--gradients", "registry", "--epochs", "20", "--quiet");
    assertEquals(CompareCommand.EXIT_MATCH, within.exitCode(), within.out() + within.err());
    String actual10 = actualRow(within.out(), 10);
    String actual20 = actualRow(within.out(), 20);
    NotebookRows.assertWithinOneUnit(NotebookRows.FIRST_ROW, actual10);
    NotebookRows.assertWithinOneUnit(NotebookRows.ROW_20, actual20);
    Cli exact = Cli.run("compare", expected.toString(), "--run", "--runtime", "tf1",
        "--gradients", "registry", "--epochs", "20", "--quiet", "--tolerance", "0");
    // the final line is row 20's test accuracy: the two rows decide
    int exitIfExact = actual10.equals(NotebookRows.FIRST_ROW)
        && actual20.equals(NotebookRows.ROW_20)
        ? CompareCommand.EXIT_MATCH : CompareCommand.EXIT_MISMATCH;
    assertEquals(exitIfExact, exact.exitCode(), exact.out() + exact.err());
    assertEquals(actual10, actualRow(exact.out(), 10), "the same run twice");
    assertEquals(actual20, actualRow(exact.out(), 20), "the same run twice");
  }

  /**
   * The {@code actual} line under {@code epoch}'s {@code expected} line of {@code compare}'s
   * table, as a printed row: {@code epoch} and its six cells, single-spaced.
   */
  private static String actualRow(String compareOut, int epoch) {
    List<String> lines = compareOut.lines().toList();
    for (int i = 0; i + 1 < lines.size(); i++) {
      String[] expected = lines.get(i).trim().split(" +");
      if (expected.length == 8 && expected[0].equals(String.valueOf(epoch))
          && expected[1].equals("expected")) {
        String[] actual = lines.get(i + 1).trim().split(" +");
        assertEquals("actual", actual[0], compareOut);
        return epoch + " " + String.join(" ", List.of(actual).subList(1, actual.length));
      }
    }
    throw new AssertionError("no epoch " + epoch + " in: " + compareOut);
  }

  /** {@code run --runtime tf1 --epochs 10} with the TF 1.15 jars looked for in {@code dir}. */
  private static Cli runWithJarsIn(Path dir) {
    String before = System.getProperty(Tf115Runtime.DIRECTORY_PROPERTY);
    System.setProperty(Tf115Runtime.DIRECTORY_PROPERTY, dir.toString());
    try {
      return Cli.run("run", "--runtime", "tf1", "--epochs", "10");
    } finally {
      if (before == null) {
        System.clearProperty(Tf115Runtime.DIRECTORY_PROPERTY);
      } else {
        System.setProperty(Tf115Runtime.DIRECTORY_PROPERTY, before);
      }
    }
  }

  /**
   * Jars that read as jars but hold none of TF 1.15 or the server: the child JVM finds no main
   * class and exits 1 before it answers.
   */
  @Test
  @ChildJvm
  void aChildThatDiesIsOneLineFromTheParent(@TempDir Path dir) throws IOException {
    for (String jar : List.of("hidden-layer-stabilization-tf115.jar", "libtensorflow-1.15.0.jar",
        "libtensorflow_jni-1.15.0.jar")) {
      try (java.util.zip.ZipOutputStream zip =
          new java.util.zip.ZipOutputStream(Files.newOutputStream(dir.resolve(jar)))) {
        zip.putNextEntry(new java.util.zip.ZipEntry("README.txt"));
        zip.write("not TF 1.15".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    Cli r = runWithJarsIn(dir);
    assertEquals(Main.EXIT_USER_ERROR, r.exitCode());
    assertEquals("", r.out());
    List<String> lines = r.err().lines().toList();
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.get(0).startsWith("error: TF 1.15.0's runtime exited with code 1 while "
        + "starting TF 1.15.0"), r.err());
  }

  /** A truncated TF 1.15 jar: one line naming it, before any child JVM starts. */
  @Test
  void aTruncatedTf115JarGivesOneLineNamingIt(@TempDir Path dir) throws IOException {
    Path api = dir.resolve("libtensorflow-1.15.0.jar");
    for (String jar : List.of("hidden-layer-stabilization-tf115.jar",
        "libtensorflow_jni-1.15.0.jar")) {
      Files.createSymbolicLink(dir.resolve(jar), Tf115Runtime.directory().resolve(jar)
          .toAbsolutePath());
    }
    byte[] whole = Files.readAllBytes(Tf115Runtime.directory().resolve(api.getFileName()));
    Files.write(api, java.util.Arrays.copyOf(whole, whole.length / 2));
    Cli r = runWithJarsIn(dir);
    assertEquals(Main.EXIT_USER_ERROR, r.exitCode());
    assertEquals("", r.out());
    List<String> lines = r.err().lines().toList();
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.get(0).startsWith("error: --runtime tf1: TF 1.15.0's runtime jar "
        + api.toAbsolutePath() + " is unreadable, truncated or corrupted ("), r.err());
  }

  @Test
  void missingTf115JarsGiveOneLine(@TempDir Path empty) {
    Cli r = runWithJarsIn(empty);
    assertEquals(Main.EXIT_USER_ERROR, r.exitCode());
    assertEquals("", r.out());
    List<String> lines = r.err().lines().toList();
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.get(0).startsWith("error: --runtime tf1: "), r.err());
    assertTrue(lines.get(0).contains(empty.toAbsolutePath().toString()), r.err());
  }

  @Test
  void gpuOnTf115IsAUsageError() {
    Cli r = Cli.run("run", "--runtime", "tf1", "--device", "gpu");
    assertEquals(Main.EXIT_USAGE, r.exitCode());
    assertTrue(r.err().startsWith("error: --device gpu: TF 1.15's runtime"), r.err());
  }

  @Test
  void unknownRuntimeIsAUsageError() {
    Cli r = Cli.run("run", "--runtime", "tf3");
    assertEquals(Main.EXIT_USAGE, r.exitCode());
    assertTrue(r.err().contains("'tf3' is not one of tf2, tf1"), r.err());
  }
}
