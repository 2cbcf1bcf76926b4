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
    // TF1_SEMANTICS.md section 2: (2020, 5), (2020, 18), (2020, 31).
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
  void binaryToStdoutIsAUsageError() {
    Cli r = Cli.run("graph", "--format", "pb");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: --format pb"), r.err());
  }
}
