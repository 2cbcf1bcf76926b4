package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    Cli script = Cli.exec(Duration.ofSeconds(60),
        List.of("python3", SCRIPT.toString(), pbtxt.toString()));
    assertEquals(0, script.exitCode(), script.err());
    assertEquals(list.out(), script.out());
    Path listing = Files.writeString(dir.resolve("graph.txt"), script.out(),
        StandardCharsets.UTF_8);

    Path golden = GraphCommandTest.golden(dir, "notebook-batch.txt");
    // The forward golden listing: compared outside gradients/, as --gradients registry does.
    Cli diff = Cli.run("graph", "--gradients", "registry", "--diff", golden.toString());
    assertEquals(0, diff.exitCode(), diff.out());
    Cli self = Cli.run("graph", "--diff", listing.toString());
    assertEquals(0, self.exitCode(), self.out());
  }

  private static boolean python3Available() {
    try {
      return Cli.exec(Duration.ofSeconds(30), List.of("python3", "--version")).exitCode() == 0;
    } catch (UncheckedIOException e) { // not on the PATH
      return false;
    }
  }
}
