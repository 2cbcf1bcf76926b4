package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompareCommandTest {
  private static final String FIXTURES = "src/test/resources/hiddenlayer/report/";
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void matchingRunsExitZeroAndDrawTheChart() {
    Path png = dir.resolve("curves.png");
    int code = run("compare", FIXTURES + "python-run.ipynb", FIXTURES + "java-run.csv",
        "--chart", png.toString());
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().contains("result:                     MATCH"), out.toString());
    assertTrue(Files.isRegularFile(png));
  }

  @Test
  void mismatchExitsOne() throws Exception {
    Path java = dir.resolve("java.csv");
    Files.writeString(java, Files.readString(Path.of(FIXTURES + "java-run.csv"))
        .replace("40,0.051199998706579208", "40,0.0522"));
    assertEquals(1, run("compare", FIXTURES + "python-run.log", java.toString()));
    assertTrue(out.toString().contains("first beyond tolerance:     epoch 40: train_loss"),
        out.toString());
  }

  @Test
  void widerToleranceAcceptsTheSameMismatch() throws Exception {
    Path java = dir.resolve("java.csv");
    Files.writeString(java, Files.readString(Path.of(FIXTURES + "java-run.csv"))
        .replace("40,0.051199998706579208", "40,0.0522"));
    assertEquals(0, run("compare", FIXTURES + "python-run.log", java.toString(),
        "--tolerance", "0.001"));
  }

  @Test
  void negativeOrNonFiniteToleranceIsAUsageError() {
    for (String bad : new String[] {"-0.1", "NaN", "Infinity"}) {
      err.getBuffer().setLength(0);
      assertEquals(2, run("compare", FIXTURES + "python-run.log", FIXTURES + "java-run.csv",
          "--tolerance", bad), bad);
      assertTrue(err.toString().startsWith("error: --tolerance must be a finite number >= 0"),
          err.toString());
    }
  }

  @Test
  void chartDirectoryIsCheckedBeforeReadingTheLogs() {
    // Both logs are missing too: the --chart error must come first. An output path that
    // cannot be written is a usage error, as for run's output options.
    int code = run("compare", "missing.log", "missing.csv",
        "--chart", dir.resolve("no/such/dir/c.png").toString());
    assertEquals(2, code);
    assertTrue(err.toString().startsWith("error: --chart "), err.toString());
  }

  @Test
  void unreadableLogIsAUserErrorNamingIt() {
    assertEquals(1, run("compare", dir.resolve("absent.log").toString(),
        FIXTURES + "java-run.csv"));
    assertEquals("error: " + dir.resolve("absent.log") + ": no such file\n", err.toString());
  }

  @Test
  void runAndActualTogetherIsAUsageError() {
    assertEquals(2, run("compare", FIXTURES + "python-run.log", FIXTURES + "java-run.csv",
        "--run"));
    assertTrue(err.toString().startsWith("error: give either ACTUAL or --run, not both\n"),
        err.toString());
  }

  @Test
  void neitherRunNorActualIsAUsageError() {
    assertEquals(2, run("compare", FIXTURES + "python-run.log"));
    assertTrue(err.toString().startsWith("error: missing ACTUAL: give a Java log or --run"),
        err.toString());
  }

  @Test
  void runOptionsWithoutRunAreAUsageError() {
    assertEquals(2, run("compare", FIXTURES + "python-run.log", FIXTURES + "java-run.csv",
        "--epochs", "20"));
    assertTrue(err.toString().startsWith("error: --epochs only applies with --run"),
        err.toString());
  }

  @Test
  void badRunOptionIsAUsageErrorBeforeReadingExpected() {
    assertEquals(2, run("compare", "missing.log", "--run", "--patience", "-1"));
    assertTrue(err.toString().startsWith("error: --patience must be at least 0"),
        err.toString());
  }

  @Test
  void unreadableExpectedFailsBeforeTheRun() {
    assertEquals(1, run("compare", dir.resolve("absent.log").toString(), "--run"));
    assertEquals("error: " + dir.resolve("absent.log") + ": no such file\n", err.toString());
  }

  /**
   * End to end: the Java notebook run now against the notebook's first printed row
   * (TF1_SEMANTICS.md section 6) and the final accuracy it prints after 10 epochs.
   */
  @Test
  void runReproducesTheNotebooksFirstRow() throws Exception {
    Path expected = dir.resolve("notebook-first-row.log");
    Files.writeString(expected, "10 0.8088 1.0658 1.0567 0.7090 0.6500 0.6557\n0.6557\n");
    int code = run("compare", expected.toString(), "--run", "--epochs", "10", "--quiet");
    assertEquals(0, code, out + "\n" + err);
    String o = out.toString();
    assertTrue(o.contains("rows compared:              1"), o);
    assertTrue(o.contains("cells equal at 4 decimals:  6 of 6"), o);
    assertTrue(o.contains("final test accuracy:        expected 0.6557, actual 0.6557"), o);
    assertTrue(o.contains("actual:                     java --run norm=batch bn-updates=keras"),
        o);
    assertTrue(o.contains("result:                     MATCH"), o);
    assertFalse(o.contains("stopped at epoch"), "progress never goes to stdout");
  }
}
