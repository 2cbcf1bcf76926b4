package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    // Both logs are missing too: the --chart error must come first.
    int code = run("compare", "missing.log", "missing.csv",
        "--chart", dir.resolve("no/such/dir/c.png").toString());
    assertEquals(1, code);
    assertTrue(err.toString().startsWith("error: --chart "), err.toString());
  }

  @Test
  void unreadableLogIsAUserErrorNamingIt() {
    assertEquals(1, run("compare", dir.resolve("absent.log").toString(),
        FIXTURES + "java-run.csv"));
    assertEquals("error: " + dir.resolve("absent.log") + ": no such file\n", err.toString());
  }
}
