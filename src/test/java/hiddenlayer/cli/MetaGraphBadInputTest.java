package hiddenlayer.cli;

import static hiddenlayer.cli.CheckpointBadInputTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.graph.GraphConfig;
import hiddenlayer.tf1.MetaGraphImport;
import hiddenlayer.train.NotebookMetaGraph;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * {@code run --meta-graph} on what it cannot run: one line naming the file and what is wrong, exit
 * 1 (2 for a usage error), nothing on stdout, no output file. The real files are TF's own (see
 * {@code graph/tf-testdata/README.md}); the others are the notebook's exported graph ({@link
 * NotebookMetaGraph}) cut or changed.
 */
class MetaGraphBadInputTest {
  @TempDir static Path dir;
  static MetaGraphDef notebook;
  static Path meta;

  @BeforeAll
  static void export() throws IOException {
    notebook = NotebookMetaGraph.of(GraphConfig.notebook());
    meta = dir.resolve("nb.meta");
    Files.write(meta, notebook.toByteArray());
  }

  static Path testdata(String name) {
    try {
      return Path.of(MetaGraphBadInputTest.class.getResource("/hiddenlayer/graph/tf-testdata/"
          + name).toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private static Cli run(Path file, String... more) {
    String[] args = {"run", "--quiet", "--epochs", "10", "--meta-graph", file.toString()};
    String[] all = Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return Cli.run(all);
  }

  @Test
  void aTruncatedFile() throws IOException {
    Path cut = dir.resolve("cut.meta");
    Files.write(cut, Arrays.copyOf(notebook.toByteArray(), 5000));
    Path csv = dir.resolve("cut.csv");
    assertOneLine(run(cut, "--csv", csv.toString()), "error: " + cut + ": not a GraphDef, "
        + "MetaGraphDef or SavedModel (truncated or not a protocol buffer)");
    assertFalse(Files.exists(csv));
  }

  @Test
  void randomBytes() throws IOException {
    Path random = dir.resolve("random.meta");
    byte[] bytes = new byte[4096];
    new Random(17).nextBytes(bytes);
    Files.write(random, bytes);
    assertOneLine(run(random), "error: " + random + ": not a GraphDef, MetaGraphDef or "
        + "SavedModel (truncated or not a protocol buffer)");
  }

  /** TF's multi_add.pb, a binary GraphDef, under a {@code .meta} name. */
  @Test
  void aGraphDefNamedMeta() throws IOException {
    Path graphDef = dir.resolve("multi_add.meta");
    Files.copy(testdata("multi_add.pb"), graphDef);
    assertOneLine(run(graphDef), "error: " + graphDef + ": a GraphDef, not a MetaGraphDef (it "
        + "has no variables collection, train op or saver_def; tf.train.export_meta_graph "
        + "writes one)");
  }

  /** TF's embedding.ckpt.meta, a MetaGraphDef Saver.save wrote, has none of the loop's names. */
  @Test
  void aRealGraphWithoutTheLoopsTensorsNamesTheTensorAndTheOption() {
    Path embedding = testdata("embedding.ckpt.meta");
    assertOneLine(run(embedding), "error: " + embedding + ": the graph has no tensor "
        + "Placeholder for x (its name in the notebook's graph); name it with --tensors x=NAME");
  }

  @Test
  void aNameGivenThatTheGraphLacks() {
    assertOneLine(run(meta, "--tensors", "loss=cross_entropy"), "error: " + meta
        + ": the graph has no tensor cross_entropy for loss; name it with --tensors loss=NAME");
  }

  @Test
  void noTrainOpCollection() throws IOException {
    Path noTrainOp = write("no-train-op.meta",
        m -> m.toBuilder().removeCollectionDef(MetaGraphImport.TRAIN_OP).build());
    assertOneLine(run(noTrainOp), "error: " + noTrainOp + ": the graph has no train_op "
        + "collection to find the train op in (Optimizer.minimize adds its op there); name it "
        + "with --tensors train_op=NAME");
  }

  @Test
  void anOpTf218DoesNotKnowNamesTheNode() throws IOException {
    Path unknown = write("op.meta", m -> withNode(m, "Mean", n -> n.setOp("NoSuchOp")));
    assertOneLine(run(unknown), "error: " + unknown + ": node Mean: TF 2.18 has no op "
        + "NoSuchOp registered");
  }

  @Test
  void anAttributeTf218DoesNotKnowNamesTheNode() throws IOException {
    Path unknown = write("attr.meta", m -> withNode(m, "MatMul",
        n -> n.putAttr("bogus", AttrValue.newBuilder().setI(3).build())));
    assertOneLine(run(unknown), "error: " + unknown + ": node MatMul (MatMul): attribute bogus "
        + "is not one TF 2.18's MatMul declares");
  }

  /** The half_plus_two SavedModel's variables (a, b, c), TF's own checkpoint. */
  @Test
  void aCheckpointOfAnotherGraphNamesTheVariablesItLacks() {
    String other = testdata("half_plus_two/variables").resolve("variables").toString();
    Cli r = run(meta, "--restore-checkpoint", other);
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(r.err().startsWith("error: " + other + ": has no variables Variable, "
        + "Variable/Adam, Variable/Adam_1, Variable_1, "), r.err());
    assertTrue(r.err().endsWith(", which the graph needs (the checkpoint holds 3 tensors: a, b, "
        + "c)\n"), r.err());
    assertEquals(1, r.err().lines().count());
  }

  @Test
  void checkpointsWithoutSaverDef(@TempDir Path out) throws IOException {
    Path noSaver = write("no-saver.meta", m -> m.toBuilder().clearSaverDef().build());
    Path prefix = out.resolve("nb");
    assertOneLine(run(noSaver, "--save-checkpoint", prefix.toString()), "error: --meta-graph "
        + noSaver + ": has no saver_def, so its graph has no save or restore ops (Saver.save and "
        + "tf.train.export_meta_graph write one once a tf.train.Saver() exists)");
    try (var files = Files.list(out)) {
      assertEquals(0, files.count());
    }
    Cli evaluate = Cli.run("evaluate", "--meta-graph", noSaver.toString(),
        prefix + "-0");
    assertOneLine(evaluate, "error: --meta-graph " + noSaver + ": has no saver_def, so its graph "
        + "has no save or restore ops (Saver.save and tf.train.export_meta_graph write one once a "
        + "tf.train.Saver() exists)");
  }

  @Test
  void usageErrors() {
    Cli alone = Cli.run("run", "--tensors", "x=a");
    assertEquals(2, alone.exitCode());
    assertTrue(alone.err().startsWith("error: --tensors needs --meta-graph FILE\n"), alone.err());
    Cli norm = run(meta, "--norm", "layer");
    assertEquals(2, norm.exitCode());
    assertTrue(norm.err().startsWith("error: --norm does not apply with --meta-graph: the file's "
        + "graph is trained as it is\n"), norm.err());
    Cli key = run(meta, "--tensors", "logits=y_hat");
    assertEquals(2, key.exitCode());
    assertTrue(key.err().startsWith("error: --tensors: 'logits' is not one of x, y, training, "
        + "loss, accuracy, train_op\n"), key.err());
  }

  private static Path write(String name, UnaryOperator<MetaGraphDef> change) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, change.apply(notebook).toByteArray());
    return p;
  }

  private static MetaGraphDef withNode(MetaGraphDef m, String node,
      java.util.function.Consumer<NodeDef.Builder> change) {
    GraphDef.Builder g = m.getGraphDef().toBuilder();
    g.getNodeBuilderList().stream().filter(n -> n.getName().equals(node)).forEach(change);
    return m.toBuilder().setGraphDef(g).build();
  }
}
