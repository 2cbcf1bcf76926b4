package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.GraphDef;

/** {@code graph}: the GraphDef as a node list, protobuf text or binary. */
class GraphCommandTest {
  @Test
  void listShowsTheRandomOpsWithTheirTf1Seeds() {
    // src/site/markdown/TF1_SEMANTICS.md section 2: (2020, 5), (2020, 18), (2020, 31).
    Cli r = Cli.run("graph");
    assertEquals(0, r.exitCode(), r.err());
    List<String> seeded = r.out().lines().filter(l -> l.contains(" seed=")).toList();
    assertEquals(List.of(
        "truncated_normal/TruncatedNormal TruncatedNormal [truncated_normal/shape] seed=2020 seed2=5",
        "truncated_normal_1/TruncatedNormal TruncatedNormal [truncated_normal_1/shape] seed=2020 seed2=18",
        "truncated_normal_2/TruncatedNormal TruncatedNormal [truncated_normal_2/shape] seed=2020 seed2=31"),
        seeded);
    assertTrue(r.out().startsWith("Placeholder Placeholder []\nPlaceholder_1 Placeholder []\n"));
  }

  @Test
  void layerNormGraphHasTheContribScopes() {
    Cli r = Cli.run("graph", "--norm", "layer");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("\nLayerNorm_1/gamma VariableV2 []\n"), r.out());
    assertTrue(!r.out().contains("batch_normalization"));
  }

  @Test
  void binaryGraphDefReadsBack(@TempDir Path dir) throws Exception {
    Path pb = dir.resolve("graph.pb");
    Cli r = Cli.run("graph", "--format", "pb", "--out", pb.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("", r.out());
    GraphDef def = GraphDef.parseFrom(Files.readAllBytes(pb));
    assertTrue(def.getNodeList().stream().anyMatch(n -> n.getName().equals("Adam")
        && n.getOp().equals("NoOp")));
  }

  @Test
  void diffAgainstTf1GoldenListingAgrees(@TempDir Path dir) throws Exception {
    Path golden = golden(dir, "notebook-layer.txt");
    Cli r = Cli.run("graph", "--norm", "layer", "--gradients", "registry", "--diff",
        golden.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    // 271 nodes outside gradients/ in TF 1.15's --norm layer graph (the golden listing).
    assertTrue(r.out().startsWith("outside gradients/: " + golden + " has 271 nodes, this graph "
        + "271; by name 271 equal, 0 differ, 0 only in " + golden + ", 0 only in this graph\n"),
        r.out());
  }

  @Test
  void diffNamesTheFirstDifferingNodeAndExits1(@TempDir Path dir) throws Exception {
    // TF Java's `Add` where TF 1.15 builds AddV2: the first `add`, line 44 of the golden file.
    Path golden = golden(dir, "notebook-none.txt");
    String text = Files.readString(golden).replace("add AddV2 [MatMul, Variable_1/read]",
        "add Add [MatMul, Variable_1/read]");
    Files.writeString(golden, text);
    Cli r = Cli.run("graph", "--norm", "none", "--gradients", "registry", "--diff",
        golden.toString());
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("by name 190 equal, 1 differ, 0 only in"), r.out());
    assertTrue(r.out().contains("first difference at node 44 (outside gradients/):\n  "
        + golden + ": add Add [MatMul, Variable_1/read]\n  this graph: add AddV2 [MatMul, "
        + "Variable_1/read]"), r.out());
  }

  @Test
  void diffOfAnotherVariantCountsNodesOnlyInOneSide(@TempDir Path dir) throws Exception {
    Path golden = golden(dir, "notebook-batch.txt");
    Cli r = Cli.run("graph", "--norm", "none", "--gradients", "registry", "--diff",
        golden.toString());
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains(" has 407 nodes, this graph 191;"), r.out());
  }

  @Test
  void diffOfAMissingFileIsAUserError(@TempDir Path dir) {
    Path missing = dir.resolve("missing.txt");
    Cli r = Cli.run("graph", "--diff", missing.toString());
    assertEquals(1, r.exitCode());
    assertEquals("error: " + missing + ": no such file\n", r.err());
  }

  @Test
  void diffOfAFileThatIsNoListingNamesTheLine(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.txt");
    Files.writeString(bad, "Placeholder Placeholder []\nnode {\n");
    Cli r = Cli.run("graph", "--diff", bad.toString());
    assertEquals(1, r.exitCode());
    assertEquals("error: " + bad + ":2: not a node line 'NAME OP [inputs]': node {\n", r.err());
  }

  @Test
  void diffWithOutIsAUsageError(@TempDir Path dir) throws Exception {
    Path golden = golden(dir, "notebook-batch.txt");
    Cli r = Cli.run("graph", "--diff", golden.toString(), "--out", dir.resolve("x").toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: --diff compares node lists"), r.err());
  }

  /** A golden listing (derived from TF 1.15's sources) copied to {@code dir}. */
  @Test
  void diffWithTf1GradientsByDefaultComparesTheWholeGraph(@TempDir Path dir) throws Exception {
    Path whole = dir.resolve("whole-layer.txt");
    Files.writeString(whole, hiddenlayer.graph.Tf1GradientsListingTest.wholeTf1Listing("layer"));
    Cli r = Cli.run("graph", "--norm", "layer", "--diff", whole.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    // 271 nodes outside gradients/ (the forward golden) and 359 under it (the gradient golden).
    assertTrue(r.out().startsWith("whole graph: " + whole + " has 630 nodes, this graph 630; "
        + "by name 630 equal, 0 differ"), r.out());
    // The registry's gradients differ from TF1's, so the same file differs as a whole graph...
    Path changed = dir.resolve("changed.txt");
    Files.writeString(changed, Files.readString(whole).replace(
        "gradients/MatMul_grad/MatMul_1 MatMul [Placeholder,",
        "gradients/MatMul_grad/MatMul_1 MatMul [Placeholder_1,"));
    Cli c = Cli.run("graph", "--norm", "layer", "--diff", changed.toString());
    assertEquals(1, c.exitCode(), c.out() + c.err());
    assertTrue(c.out().contains("first difference at node "), c.out());
    assertTrue(c.out().contains(":\n  " + changed
        + ": gradients/MatMul_grad/MatMul_1 MatMul [Placeholder_1,"), c.out());
    // ...while with --gradients registry only what lies outside gradients/ is compared.
    Cli reg = Cli.run("graph", "--norm", "layer", "--gradients", "registry", "--diff",
        changed.toString());
    assertEquals(0, reg.exitCode(), reg.out() + reg.err());
  }

  static Path golden(Path dir, String name) throws Exception {
    Path p = dir.resolve(name);
    try (var in = GraphCommandTest.class.getResourceAsStream("/hiddenlayer/graph/tf1/" + name)) {
      Files.write(p, in.readAllBytes());
    }
    return p;
  }

  @Test
  void binaryToStdoutIsAUsageError() {
    Cli r = Cli.run("graph", "--format", "pb");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: --format pb"), r.err());
  }
}
