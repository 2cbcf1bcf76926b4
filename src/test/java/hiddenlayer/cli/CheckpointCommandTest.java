package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.NotebookRows;
import hiddenlayer.report.EventFileReader;
import hiddenlayer.tf1.checkpoint.BundleFiles;
import hiddenlayer.tf1.checkpoint.CheckpointNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * {@code run --save-checkpoint}, {@code checkpoint list} and {@code checkpoint diff}: what the
 * files hold is read back with the tests' own reader of the bundle format ({@link BundleFiles}),
 * not with TensorFlow or the project's reader.
 */
class CheckpointCommandTest {
  @TempDir static Path shared;
  static Path nb;
  static Path board;
  /** The row the run printed at epoch 10. */
  static String printedRow10;

  /**
   * One 10-epoch run of the notebook, saving PREFIX-0 and PREFIX-10, with its event file. Its row
   * is the notebook's first within one unit of the fourth decimal: TF 2.18's kernels' last bits
   * depend on the CPU and thread count ({@link NotebookRows}).
   */
  @BeforeAll
  static void runTheNotebookForTenEpochs() {
    nb = shared.resolve("nb");
    board = shared.resolve("tb");
    Cli r = Cli.run("run", "--epochs", "10", "--quiet", "--save-checkpoint", nb.toString(),
        "--tensorboard", board.toString());
    assertEquals(0, r.exitCode(), r.err());
    printedRow10 = r.outLines()[0];
    NotebookRows.assertWithinOneUnit(NotebookRows.FIRST_ROW, printedRow10);
  }

  static Path step(int n) {
    return Path.of(nb + "-" + n);
  }

  @Test
  void prefix0HoldsEveryGlobalVariableUnderItsTf1Name() throws IOException {
    BundleFiles.Bundle b = BundleFiles.read(step(0));
    assertEquals(new BundleFiles.Header(1, 0, 1), b.header());
    Map<String, long[]> expected = CheckpointNames.notebook("batch");
    assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(b.tensors().keySet()));
    for (var e : b.tensors().entrySet()) {
      assertEquals(BundleFiles.DT_FLOAT, e.getValue().dtype(), e.getKey());
      assertArrayEquals(expected.get(e.getKey()), e.getValue().shape(), e.getKey());
    }
  }

  @Test
  void prefix0HoldsTheInitialValues() throws IOException {
    Map<String, BundleFiles.Tensor> t = BundleFiles.read(step(0)).tensors();
    // TruncatedNormal(2020, 5) x float32 sqrt(2/784), src/site/markdown/TF1_SEMANTICS.md section 2:
    // exact on any machine, TF's Philox generator being counter-based (NotebookRows).
    float[] w = t.get("Variable").asFloats();
    assertArrayEquals(NotebookRows.initialVariableHead(), Arrays.copyOf(w, 5), 0f);
    // tf.zeros biases; keras BN: gamma 1, beta 0, moving_mean 0, moving_variance 1; Adam's
    // slots zeros, beta1_power 0.9 and beta2_power 0.999 (src/site/markdown/TF1_SEMANTICS.md
    // sections 3 and 5).
    assertAll(t.get("Variable_5"), 0f);
    assertAll(t.get("batch_normalization/gamma"), 1f);
    assertAll(t.get("batch_normalization_1/beta"), 0f);
    assertAll(t.get("batch_normalization/moving_mean"), 0f);
    assertAll(t.get("batch_normalization_1/moving_variance"), 1f);
    assertAll(t.get("Variable_2/Adam"), 0f);
    assertAll(t.get("batch_normalization/gamma/Adam_1"), 0f);
    assertAll(t.get("beta1_power"), 0.9f);
    assertAll(t.get("beta2_power"), 0.999f);
  }

  @Test
  void checkpointAfterTheLastEpochHasTheStepsPowersAndUnmovedStatistics() throws IOException {
    Map<String, BundleFiles.Tensor> t = BundleFiles.read(step(10)).tensors();
    // _finish multiplies each power once per step, in float32: 0.9 * 0.9^10 after 10 steps.
    float b1 = 0.9f;
    float b2 = 0.999f;
    for (int i = 0; i < 10; i++) {
      b1 *= 0.9f;
      b2 *= 0.999f;
    }
    assertAll(t.get("beta1_power"), b1);
    assertAll(t.get("beta2_power"), b2);
    // keras' BN puts nothing in UPDATE_OPS: the moving statistics never move (section 3).
    assertAll(t.get("batch_normalization/moving_mean"), 0f);
    assertAll(t.get("batch_normalization_1/moving_variance"), 1f);
  }

  @Test
  void stateFileNamesTheLastCheckpointAsSaverWritesIt() throws IOException {
    // update_checkpoint_state_internal: absolute save directory, absolute paths, newest last.
    assertEquals("model_checkpoint_path: \"" + step(10) + "\"\n"
            + "all_model_checkpoint_paths: \"" + step(0) + "\"\n"
            + "all_model_checkpoint_paths: \"" + step(10) + "\"\n",
        Files.readString(shared.resolve("checkpoint")));
  }

  @Test
  void saverKeepsTheLastFiveCheckpoints(@TempDir Path dir) throws IOException {
    // tf.train.Saver(max_to_keep=5): the sixth save deletes the first checkpoint's files.
    Path p = dir.resolve("k");
    Cli r = Cli.run("run", "--epochs", "6", "--eval-every", "3", "--quiet",
        "--save-checkpoint", p.toString(), "--save-every", "1");
    assertEquals(0, r.exitCode(), r.err());
    for (int i = 0; i <= 6; i++) {
      boolean kept = i >= 2;
      assertEquals(kept, Files.exists(BundleFiles.indexFile(Path.of(p + "-" + i))), "" + i);
      assertEquals(kept, Files.exists(BundleFiles.dataFile(Path.of(p + "-" + i))), "" + i);
    }
    StringBuilder expected = new StringBuilder("model_checkpoint_path: \"" + p + "-6\"\n");
    for (int i = 2; i <= 6; i++) {
      expected.append("all_model_checkpoint_paths: \"").append(p).append('-').append(i)
          .append("\"\n");
    }
    assertEquals(expected.toString(), Files.readString(dir.resolve("checkpoint")));
  }

  @Test
  void layerNormCheckpointHoldsLayerNormVariables(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("ln");
    Cli r = Cli.run("run", "--norm", "layer", "--epochs", "1", "--quiet",
        "--save-checkpoint", p.toString());
    assertEquals(0, r.exitCode(), r.err());
    Map<String, long[]> expected = CheckpointNames.notebook("layer");
    BundleFiles.Bundle b = BundleFiles.read(Path.of(p + "-1"));
    assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(b.tensors().keySet()));
    assertAll(BundleFiles.read(Path.of(p + "-0")).tensors().get("LayerNorm_1/gamma"), 1f);
  }

  /**
   * The same weights evaluated by the same kernels on the same machine: exactly the row the run
   * printed, and so the notebook's first row within one unit on any machine.
   */
  @Test
  void evaluateOfTheEpoch10CheckpointPrintsTheNotebooksFirstRow() {
    Cli r = Cli.run("evaluate", step(10).toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(List.of(printedRow10), List.of(r.outLines()));
    NotebookRows.assertWithinOneUnit(NotebookRows.FIRST_ROW, r.outLines()[0]);
  }

  @Test
  void tensorBoardEventFileHoldsTheGraph() throws IOException {
    // tf.summary.FileWriter(logdir, session.graph): an event whose graph_def is the GraphDef.
    Path events;
    try (Stream<Path> files = Files.list(board)) {
      events = files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents"))
          .findFirst().orElseThrow();
    }
    List<Event> withGraph = EventFileReader.readEvents(events).stream()
        .filter(e -> !e.getGraphDef().isEmpty()).toList();
    assertEquals(1, withGraph.size());
    assertEquals(0, withGraph.get(0).getStep());
    GraphDef g = GraphDef.parseFrom(withGraph.get(0).getGraphDef());
    List<String> names = g.getNodeList().stream().map(NodeDef::getName).toList();
    for (String n : List.of("Placeholder", "Variable", "batch_normalization/cond/Merge", "Adam",
        "save/SaveV2", "save/restore_all")) {
      assertTrue(names.contains(n), n);
    }
  }

  // ---- checkpoint list

  @Test
  void listPrintsNameDtypeAndShapeOfEveryVariable() {
    Cli r = Cli.run("checkpoint", "list", step(0).toString());
    assertEquals(0, r.exitCode(), r.err());
    String[] lines = r.outLines();
    assertEquals(36, lines.length);
    assertEquals(List.of("Variable", "float32", "[784,", "512]"),
        List.of(lines[0].trim().split("\\s+")));
    assertEquals(List.of("beta2_power", "float32", "[]"), List.of(lines[35].trim().split("\\s+")));
  }

  @Test
  void listReadsAFileTheProjectDidNotWrite(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("few");
    BundleFiles.write(p, few(0));
    Cli r = Cli.run("checkpoint", "list", p.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<List<String>> rows = new ArrayList<>();
    for (String line : r.outLines()) {
      rows.add(List.of(line.trim().split("\\s+", 3)));
    }
    assertEquals(List.of(List.of("b", "float32", "[3]"), List.of("n", "int64", "[]"),
        List.of("w", "float32", "[2, 2]")), rows);
  }

  // ---- checkpoint diff

  @Test
  void diffOfACheckpointWithItselfPasses() {
    Cli r = Cli.run("checkpoint", "diff", step(10).toString(), step(10).toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("36 of 36 variables agree within 0"), r.out());
  }

  @Test
  void diffOfTwoEpochsOfOneRunFailsAndNamesTheVariables() {
    Cli r = Cli.run("checkpoint", "diff", step(0).toString(), step(10).toString());
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertEquals("DIFFERS", status(r, "Variable"));
    assertEquals("DIFFERS", status(r, "batch_normalization_1/gamma/Adam"));
    assertEquals("DIFFERS", status(r, "beta1_power"));
    // keras' BN never updates its moving statistics: those agree
    assertEquals("ok", status(r, "batch_normalization/moving_mean"));
  }

  @Test
  void diffOfFilesTheProjectDidNotWriteMeasuresTheLargestDifference(@TempDir Path dir)
      throws IOException {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    BundleFiles.write(a, few(0));
    BundleFiles.write(b, few(0.25));
    Cli r = Cli.run("checkpoint", "diff", a.toString(), b.toString());
    assertEquals(1, r.exitCode(), r.out() + r.err());
    // w differs by 0.25 at its largest element, 4 -> 4.25: relative 0.25 / 4.25
    List<String> w = row(r, "w");
    assertEquals(0.25, Double.parseDouble(w.get(3)), 0.0);
    assertEquals(0.25 / 4.25, Double.parseDouble(w.get(4)), 1e-6);
    assertEquals("ok", status(r, "b"));
    assertEquals(0, Cli.run("checkpoint", "diff", a.toString(), b.toString(), "--tolerance",
        "0.25").exitCode());
    assertEquals(1, Cli.run("checkpoint", "diff", a.toString(), b.toString(), "--tolerance",
        "0.2").exitCode());
  }

  @Test
  void diffNamesVariablesOnlyInOneAndShapeOrDtypeMismatches(@TempDir Path dir)
      throws IOException {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Map<String, BundleFiles.Tensor> ta = few(0);
    Map<String, BundleFiles.Tensor> tb = few(0);
    ta.put("only_a", BundleFiles.Tensor.floats(new long[] {1}, 1));
    tb.put("only_b", BundleFiles.Tensor.floats(new long[] {1}, 1));
    tb.put("w", BundleFiles.Tensor.floats(new long[] {4}, 1, 2, 3, 4));
    tb.put("b", new BundleFiles.Tensor(BundleFiles.DT_DOUBLE, new long[] {3},
        new double[] {1, 2, 3}));
    BundleFiles.write(a, ta);
    BundleFiles.write(b, tb);
    Cli r = Cli.run("checkpoint", "diff", a.toString(), b.toString(), "--tolerance", "100");
    assertEquals(1, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("only in A: only_a\n"), r.out());
    assertTrue(r.out().contains("only in B: only_b\n"), r.out());
    assertTrue(r.out().contains("MISMATCH shape [2, 2] in A, [4] in B"), r.out());
    assertTrue(r.out().contains("MISMATCH dtype float32 [3] in A, float64 [3] in B"), r.out());
  }

  @Test
  void diffWithNegativeToleranceIsAUsageError() {
    Cli r = Cli.run("checkpoint", "diff", step(0).toString(), step(0).toString(),
        "--tolerance", "-1");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: --tolerance must be a finite number >= 0"), r.err());
  }

  /** Three tensors; {@code w}'s largest element, 4, is moved by {@code delta}. */
  static Map<String, BundleFiles.Tensor> few(double delta) {
    Map<String, BundleFiles.Tensor> t = new LinkedHashMap<>();
    t.put("w", BundleFiles.Tensor.floats(new long[] {2, 2}, 1, -2, 3, 4 + delta));
    t.put("b", BundleFiles.Tensor.floats(new long[] {3}, 0.5, 0, -0.5));
    t.put("n", new BundleFiles.Tensor(BundleFiles.DT_INT64, new long[0], new double[] {7}));
    return t;
  }

  private static List<String> row(Cli r, String variable) {
    for (String line : r.outLines()) {
      List<String> cells = List.of(line.trim().split("\\s{2,}")); // columns: 2+ spaces
      if (cells.get(0).equals(variable)) {
        return cells;
      }
    }
    throw new AssertionError("no row for " + variable + " in\n" + r.out());
  }

  private static String status(Cli r, String variable) {
    List<String> cells = row(r, variable);
    return cells.get(cells.size() - 1);
  }

  private static void assertAll(BundleFiles.Tensor t, float value) {
    for (float f : t.asFloats()) {
      assertEquals(value, f, 0f);
    }
    assertFalse(t.values().length == 0);
  }
}
