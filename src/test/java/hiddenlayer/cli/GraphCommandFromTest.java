package hiddenlayer.cli;

import static hiddenlayer.cli.CheckpointBadInputTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/**
 * {@code graph --from FILE} prints a TF1 graph file in {@code graph}'s listing, and {@code graph
 * --diff FILE} takes the same files; bad files fail in one line with exit code 1.
 */
class GraphCommandFromTest {
  private static final Path SCRIPT = Path.of("resources", "notebook", "graph_listing.py");

  private static Path testdata(String name) {
    try {
      return Path.of(GraphCommandFromTest.class
          .getResource("/hiddenlayer/graph/tf-testdata/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theNotebooksGraphWrittenAsPbOrPbtxtReadsBackAsGraphListsIt(@TempDir Path dir) {
    Cli list = Cli.run("graph");
    assertEquals(0, list.exitCode(), list.err());
    for (String format : List.of("pb", "pbtxt")) {
      Path file = dir.resolve("notebook." + format);
      assertEquals(0, Cli.run("graph", "--format", format, "--out", file.toString()).exitCode());
      Cli back = Cli.run("graph", "--from", file.toString());
      assertEquals(0, back.exitCode(), back.err());
      assertEquals(list.out(), back.out(), format);
      Cli diff = Cli.run("graph", "--diff", file.toString());
      assertEquals(0, diff.exitCode(), diff.out());
      assertTrue(diff.out().contains("the listings agree node for node"), diff.out());
    }
  }

  @Test
  void aTf1TextGraphDefListsAsGraphListingPyListsIt() {
    assumeTrue(python3Available(), "python3 is not on the PATH");
    Path pbtxt = testdata("parse_example_graph_def.pbtxt");
    Cli script = Cli.exec(Duration.ofSeconds(60),
        List.of("python3", SCRIPT.toString(), pbtxt.toString()));
    assertEquals(0, script.exitCode(), script.err());
    Cli from = Cli.run("graph", "--from", pbtxt.toString());
    assertEquals(0, from.exitCode(), from.err());
    assertEquals(script.out(), from.out());
  }

  @Test
  void aSavedModelReadsTheSameFromItsDirectoryItsPbAndItsPbtxt() {
    Cli dir = Cli.run("graph", "--from", testdata("half_plus_two").toString());
    assertEquals(0, dir.exitCode(), dir.err());
    assertEquals(65, dir.outLines().length);
    assertEquals(dir.out(),
        Cli.run("graph", "--from", testdata("half_plus_two/saved_model.pb").toString()).out());
    assertEquals(dir.out(), Cli.run("graph", "--from", testdata("half_plus_two_pbtxt")
        .toString()).out());
  }

  @Test
  void diffOfATf1FileAgainstTheNotebookCountsItsNodes() {
    Path meta = testdata("embedding.ckpt.meta");
    Cli diff = Cli.run("graph", "--diff", meta.toString());
    assertEquals(1, diff.exitCode(), diff.out());
    assertTrue(diff.out().startsWith("whole graph: " + meta + " has 22 nodes, this graph "),
        diff.out());
  }

  /**
   * A {@code .meta} that {@code Saver.save} wrote holds the Saver's {@code save/} nodes ({@code
   * saver_def} set); diffed against it, this graph gets its Saver too, so the whole file is
   * compared. {@code tf.train.export_meta_graph()} after cell 4 has neither.
   */
  @Test
  void aMetaGraphWithSaverDefIsDiffedAgainstTheGraphWithItsSaver(@TempDir Path dir) {
    Path prefix = dir.resolve("nb");
    Cli run = Cli.run("run", "--quiet", "--epochs", "1", "--save-checkpoint", prefix.toString());
    assertEquals(0, run.exitCode(), run.err());
    Path saved = dir.resolve("nb-0.meta");
    Cli diff = Cli.run("graph", "--diff", saved.toString());
    assertEquals(0, diff.exitCode(), diff.out());
    assertTrue(diff.out().contains(", 0 differ, 0 only in " + saved + ", 0 only in this graph"),
        diff.out());
    Path exported = dir.resolve("cells.meta");
    Cli export = Cli.run("graph", "--format", "meta", "--out", exported.toString());
    assertEquals(0, export.exitCode(), export.err());
    Cli cells = Cli.run("graph", "--diff", exported.toString());
    assertEquals(0, cells.exitCode(), cells.out());
  }

  @Test
  void aGraphDefNamedMetaIsReadAsTheGraphDefItIs(@TempDir Path dir) throws IOException {
    Path meta = Files.copy(testdata("multi_add.pb"), dir.resolve("graph.meta"));
    Cli r = Cli.run("graph", "--from", meta.toString());
    assertEquals(0, r.exitCode(), r.err());
    // multi_add: x = a + (b + c), y = d + (b + c)
    assertEquals(List.of("a Placeholder []", "b Placeholder []", "c Placeholder []",
        "d Placeholder []", "i Add [b, c]", "x Add [a, i]", "y Add [d, i]"),
        Arrays.asList(r.outLines()));
  }

  // ---- bad input: one line, exit 1

  @Test
  void aMissingFile(@TempDir Path dir) {
    Path p = dir.resolve("none.pb");
    assertOneLine(Cli.run("graph", "--from", p.toString()), "error: " + p + ": no such file");
    assertOneLine(Cli.run("graph", "--diff", p.toString()), "error: " + p + ": no such file");
  }

  @Test
  void aTruncatedSavedModel(@TempDir Path dir) throws IOException {
    byte[] whole = Files.readAllBytes(testdata("half_plus_two/saved_model.pb"));
    Path p = Files.write(dir.resolve("saved_model.pb"), Arrays.copyOf(whole, whole.length / 3));
    String expected = "error: " + p + ": not a GraphDef, MetaGraphDef or SavedModel (truncated "
        + "or not a protocol buffer)";
    assertOneLine(Cli.run("graph", "--from", p.toString()), expected);
    assertOneLine(Cli.run("graph", "--diff", p.toString()), expected);
  }

  @Test
  void randomBytes(@TempDir Path dir) throws IOException {
    byte[] bytes = new byte[4096];
    new Random(2020).nextBytes(bytes);
    Path p = Files.write(dir.resolve("random.pb"), bytes);
    assertOneLine(Cli.run("graph", "--from", p.toString()), "error: " + p
        + ": not a GraphDef, MetaGraphDef or SavedModel (truncated or not a protocol buffer)");
  }

  @Test
  void textThatIsNoGraph(@TempDir Path dir) throws IOException {
    Path p = Files.writeString(dir.resolve("g.pbtxt"), "node { name: \"a\" op: \"Const\"\n");
    assertOneLine(Cli.run("graph", "--from", p.toString()), "error: " + p
        + ": not a GraphDef, MetaGraphDef or SavedModel (as protobuf text it does not parse)");
  }

  @Test
  void anEmptyFile(@TempDir Path dir) throws IOException {
    Path p = Files.write(dir.resolve("g.pb"), new byte[0]);
    assertOneLine(Cli.run("graph", "--from", p.toString()), "error: " + p + ": empty file");
  }

  @Test
  void aDirectoryWithoutSavedModelPb(@TempDir Path dir) {
    assertOneLine(Cli.run("graph", "--from", dir.toString()), "error: " + dir
        + ": a directory without saved_model.pb or saved_model.pbtxt");
  }

  @Test
  void aSavedModelWithSeveralMetaGraphsNoneTaggedServe(@TempDir Path dir) throws IOException {
    GraphDef g = GraphDef.newBuilder()
        .addNode(NodeDef.newBuilder().setName("a").setOp("NoOp")).build();
    SavedModel model = SavedModel.newBuilder().setSavedModelSchemaVersion(1)
        .addMetaGraphs(metaGraph(g, "train"))
        .addMetaGraphs(metaGraph(g, "eval", "gpu")).build();
    Path p = Files.write(dir.resolve("saved_model.pb"), model.toByteArray());
    String expected = "error: " + p + ": a SavedModel with 2 meta graphs, 0 of them tagged "
        + "'serve' (tags [train], [eval, gpu])";
    assertOneLine(Cli.run("graph", "--from", dir.toString()), expected);
    assertOneLine(Cli.run("graph", "--diff", p.toString()), expected);
  }

  @Test
  void diffTakesNoFrom() {
    Cli r = Cli.run("graph", "--from", testdata("multi_add.pb").toString(), "--diff",
        testdata("multi_add.pb").toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith(
        "error: --diff compares with the notebook's graph: it does not take --from\n"), r.err());
  }

  private static MetaGraphDef metaGraph(GraphDef g, String... tags) {
    MetaGraphDef.Builder b = MetaGraphDef.newBuilder().setGraphDef(g);
    b.getMetaInfoDefBuilder().addAllTags(List.of(tags));
    return b.build();
  }

  private static boolean python3Available() {
    try {
      return Cli.exec(Duration.ofSeconds(30), List.of("python3", "--version")).exitCode() == 0;
    } catch (UncheckedIOException e) { // not on the PATH
      return false;
    }
  }
}
