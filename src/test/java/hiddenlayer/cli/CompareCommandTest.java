package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.NotebookRows;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
  private static final String FIXTURES = "src/test/resources/hiddenlayer/report/";
  @TempDir Path dir;

  @Test
  void matchingRunsExitZeroAndDrawTheChart() {
    Path png = dir.resolve("curves.png");
    Cli r = Cli.run("compare", FIXTURES + "python-run.ipynb", FIXTURES + "java-run.csv",
        "--chart", png.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("result:                     MATCH"), r.out());
    assertTrue(Files.isRegularFile(png));
  }

  @Test
  void mismatchExitsOne() throws Exception {
    Path java = dir.resolve("java.csv");
    Files.writeString(java, Files.readString(Path.of(FIXTURES + "java-run.csv"))
        .replace("40,0.051199998706579208", "40,0.0522"));
    Cli r = Cli.run("compare", FIXTURES + "python-run.log", java.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.out().contains("first beyond tolerance:     epoch 40: train_loss"), r.out());
  }

  @Test
  void widerToleranceAcceptsTheSameMismatch() throws Exception {
    Path java = dir.resolve("java.csv");
    Files.writeString(java, Files.readString(Path.of(FIXTURES + "java-run.csv"))
        .replace("40,0.051199998706579208", "40,0.0522"));
    assertEquals(0, Cli.run("compare", FIXTURES + "python-run.log", java.toString(),
        "--tolerance", "0.001").exitCode());
  }

  @Test
  void negativeOrNonFiniteToleranceIsAUsageError() {
    for (String bad : new String[] {"-0.1", "NaN", "Infinity"}) {
      Cli r = Cli.run("compare", FIXTURES + "python-run.log", FIXTURES + "java-run.csv",
          "--tolerance", bad);
      assertEquals(2, r.exitCode(), bad);
      assertTrue(r.err().startsWith("error: --tolerance must be a finite number >= 0"), r.err());
    }
  }

  @Test
  void chartDirectoryIsCheckedBeforeReadingTheLogs() {
    // Both logs are missing too: the --chart error must come first. An output path that
    // cannot be written is a usage error, as for run's output options.
    Cli r = Cli.run("compare", "missing.log", "missing.csv",
        "--chart", dir.resolve("no/such/dir/c.png").toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: --chart "), r.err());
  }

  @Test
  void unreadableLogIsAUserErrorNamingIt() {
    Cli r = Cli.run("compare", dir.resolve("absent.log").toString(), FIXTURES + "java-run.csv");
    assertEquals(1, r.exitCode());
    assertEquals("error: " + dir.resolve("absent.log") + ": no such file\n", r.err());
  }

  @Test
  void runAndActualTogetherIsAUsageError() {
    Cli r = Cli.run("compare", FIXTURES + "python-run.log", FIXTURES + "java-run.csv", "--run");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: give either ACTUAL or --run, not both\n"), r.err());
  }

  @Test
  void neitherRunNorActualIsAUsageError() {
    Cli r = Cli.run("compare", FIXTURES + "python-run.log");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: missing ACTUAL: give a Java log or --run"), r.err());
  }

  @Test
  void runOptionsWithoutRunAreAUsageError() {
    Cli r = Cli.run("compare", FIXTURES + "python-run.log", FIXTURES + "java-run.csv",
        "--epochs", "20");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: --epochs only applies with --run"), r.err());
  }

  @Test
  void badRunOptionIsAUsageErrorBeforeReadingExpected() {
    Cli r = Cli.run("compare", "missing.log", "--run", "--patience", "-1");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: --patience must be at least 0"), r.err());
  }

  @Test
  void unreadableExpectedFailsBeforeTheRun() {
    Cli r = Cli.run("compare", dir.resolve("absent.log").toString(), "--run");
    assertEquals(1, r.exitCode());
    assertEquals("error: " + dir.resolve("absent.log") + ": no such file\n", r.err());
  }

  /**
   * End to end: the Java notebook run now against the notebook's first printed row
   * (src/site/markdown/TF1_SEMANTICS.md section 6) and the final accuracy it prints after 10 epochs
   * ({@link NotebookRows}). At the default tolerance, one unit of the last digit, it matches on any
   * machine; how many of the six cells are equal to the last digit depends on the CPU and thread
   * count (TF 2.18's kernels, {@link NotebookRows}): six here (src/site/markdown/TF1_SEMANTICS.md
   * section 8), and the test asserts the count the table shows.
   */
  @Test
  void runReproducesTheNotebooksFirstRow() throws Exception {
    Path expected = dir.resolve("notebook-first-row.log");
    Files.writeString(expected, NotebookRows.FIRST_ROW + "\n"
        + NotebookRows.FIRST_ROW_TEST_ACCURACY + "\n");
    Cli r = Cli.run("compare", expected.toString(), "--run", "--epochs", "10", "--quiet");
    assertEquals(0, r.exitCode(), r.out() + "\n" + r.err());
    String o = r.out();
    assertTrue(o.contains("rows compared:              1"), o);
    String actual = o.lines().map(String::trim).filter(l -> l.startsWith("actual "))
        .findFirst().orElseThrow(() -> new AssertionError(o)).replaceAll(" +", " ");
    NotebookRows.assertWithinOneUnit(NotebookRows.FIRST_ROW, "10" + actual.substring(6));
    long equal = 0;
    String[] cells = actual.split(" ");
    double[] notebook = NotebookRows.cells(NotebookRows.FIRST_ROW);
    for (int c = 1; c < notebook.length; c++) {
      equal += Math.round(Double.parseDouble(cells[c]) * 1e4) == Math.round(notebook[c] * 1e4)
          ? 1 : 0;
    }
    assertTrue(o.contains("cells equal at 4 decimals:  " + equal + " of 6"), o);
    String finalLine = o.lines().map(String::trim)
        .filter(l -> l.startsWith("final test accuracy:"))
        .findFirst().orElseThrow(() -> new AssertionError(o));
    assertTrue(finalLine.startsWith("final test accuracy:        expected "
        + NotebookRows.FIRST_ROW_TEST_ACCURACY + ", actual "), o);
    NotebookRows.assertValueWithinOneUnit(NotebookRows.FIRST_ROW_TEST_ACCURACY,
        finalLine.substring(finalLine.indexOf(", actual ") + 9));
    assertTrue(o.contains("actual:                     java --run norm=batch bn-updates=keras"),
        o);
    assertTrue(o.contains("result:                     MATCH"), o);
    assertFalse(o.contains("stopped at epoch"), "progress never goes to stdout");
  }
}
