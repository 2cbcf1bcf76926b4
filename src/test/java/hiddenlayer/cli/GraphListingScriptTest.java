package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resources/notebook/graph_listing.py}, the script users with TF1 run on their graph,
 * prints a GraphDef in {@code graph}'s listing format: on the project's GraphDef (protobuf text)
 * it prints what {@code graph} prints, and its listing passes {@code graph --diff} against the
 * TF 1.15 golden listing. Skipped where no {@code python3} is on the PATH.
 */
class GraphListingScriptTest {
  private static final Path SCRIPT = Path.of("resources", "notebook", "graph_listing.py");

  @Test
  void scriptPrintsTheGraphDefAsGraphListsItAndDiffAgrees(@TempDir Path dir) throws Exception {
    assumeTrue(python3Available(), "python3 is not on the PATH");
    Path pbtxt = dir.resolve("graph.pbtxt");
    Cli export = Cli.run("graph", "--format", "pbtxt", "--out", pbtxt.toString());
    assertEquals(0, export.exitCode(), export.err());
    Cli list = Cli.run("graph");
    assertEquals(0, list.exitCode(), list.err());

    Path listing = dir.resolve("graph.txt");
    Process p = new ProcessBuilder("python3", SCRIPT.toString(), pbtxt.toString())
        .redirectOutput(listing.toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
    assertEquals(true, p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.txt")));
    assertEquals(list.out(), Files.readString(listing, StandardCharsets.UTF_8));

    Path golden = GraphCommandTest.golden(dir, "notebook-batch.txt");
    // The forward golden listing: compared outside gradients/, as --gradients registry does.
    Cli diff = Cli.run("graph", "--gradients", "registry", "--diff", golden.toString());
    assertEquals(0, diff.exitCode(), diff.out());
    Cli self = Cli.run("graph", "--diff", listing.toString());
    assertEquals(0, self.exitCode(), self.out());
  }

  private static boolean python3Available() {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
