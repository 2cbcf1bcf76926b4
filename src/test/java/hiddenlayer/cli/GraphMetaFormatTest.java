package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * {@code graph --format meta}: cells 1 to 4 as {@code tf.train.export_meta_graph()} after cell 4
 * writes them (training/saver.py of v1.15.0, lines 1509-1591, through {@code
 * meta_graph.export_scoped_meta_graph}): no Saver, so no {@code saver_def} (meta_graph.py lines
 * 595-597 add one only when given) and no {@code save/} node; every collection with items.
 */
class GraphMetaFormatTest {
  @Test
  void metaGraphOfCellsOneToFour(@TempDir Path dir) throws Exception {
    Path meta = dir.resolve("graph.meta");
    Path pb = dir.resolve("graph.pb");
    Cli r = Cli.run("graph", "--bn-updates", "collected", "--format", "meta", "--out",
        meta.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("", r.out());
    assertEquals(0, Cli.run("graph", "--bn-updates", "collected", "--format", "pb", "--out",
        pb.toString()).exitCode());
    MetaGraphDef m = MetaGraphDef.parseFrom(Files.readAllBytes(meta));
    assertFalse(m.hasSaverDef());
    // TF 1.15's GraphDef versions: TF_GRAPH_DEF_VERSION 134, TF_GRAPH_DEF_VERSION_MIN_CONSUMER
    // 0 (core/public/version.h of v1.15.0, lines 110-111).
    assertEquals(134, m.getGraphDef().getVersions().getProducer());
    assertEquals(0, m.getGraphDef().getVersions().getMinConsumer());
    assertEquals("1.15.0", m.getMetaInfoDef().getTensorflowVersion());
    assertTrue(m.getGraphDef().getNodeList().stream().noneMatch(
        n -> n.getName().startsWith("save/")));
    assertEquals(Set.of("variables", "trainable_variables", "train_op", "cond_context",
        "update_ops"), m.getCollectionDefMap().keySet());
    // The very graph graph --format pb writes, node for node (names, ops, inputs).
    GraphDef def = GraphDef.parseFrom(Files.readAllBytes(pb));
    assertEquals(nodes(def), nodes(m.getGraphDef()));
    // and graph --diff reads it back as the notebook's graph.
    Cli diff = Cli.run("graph", "--bn-updates", "collected", "--diff", meta.toString());
    assertEquals(0, diff.exitCode(), diff.out() + diff.err());
  }

  private static List<String> nodes(GraphDef def) {
    return def.getNodeList().stream()
        .map((NodeDef n) -> n.getName() + " " + n.getOp() + " " + n.getInputList()).toList();
  }

  @Test
  void metaToStdoutOrFromAFileIsAUsageError(@TempDir Path dir) {
    Cli r = Cli.run("graph", "--format", "meta");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: --format meta is binary: give --out FILE"), r.err());
    Cli f = Cli.run("graph", "--format", "meta", "--from", "x.pb", "--out",
        dir.resolve("y.meta").toString());
    assertEquals(2, f.exitCode());
    assertTrue(f.err().startsWith("error: --format meta exports the notebook's graph"), f.err());
    assertFalse(Files.exists(dir.resolve("y.meta")));
  }
}
