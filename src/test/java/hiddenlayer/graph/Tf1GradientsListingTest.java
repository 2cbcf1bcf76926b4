package hiddenlayer.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import hiddenlayer.tf1.gradients.GradientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The notebook graph's gradient subgraph with {@code --gradients tf1} against listings derived by
 * hand from TF 1.15.0's sources: src/test/resources/hiddenlayer/graph/gradients-*.txt, written by
 * derive_gradients.py beside them, which replays, block by block, what each TF function builds
 * (named in its docstrings and in the listings' comments) in the order TF1's walk visits the ops.
 */
public class Tf1GradientsListingTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({"none, NONE, KERAS", "layer, LAYER, KERAS", "batch, BATCH, KERAS",
      "collected, BATCH, COLLECTED"})
  void gradientSubgraphIsTf1s(String golden, Normalization n, BnUpdates u) throws IOException {
    String[] expected = resource("gradients-" + golden + ".txt").lines()
        .filter(l -> !l.startsWith("#")).toArray(String[]::new);
    String[] got = gradientLines(GraphConfig.notebook().withNormalization(n).withBnUpdates(u));
    for (int i = 0; i < Math.min(expected.length, got.length); i++) {
      if (!expected[i].equals(got[i])) {
        fail("first difference at gradient node " + (i + 1) + ": expected\n  " + expected[i]
            + "\nbut got\n  " + got[i]);
      }
    }
    assertEquals(expected.length, got.length, "number of gradients/ nodes");
  }

  /**
   * With TF1's builder the whole graph is TF 1.15's: the forward golden listing (tf1/notebook-*.txt,
   * TF1_GRAPH.md) with the gradient golden listing where TF1 builds it, between the loss and
   * accuracy ops and {@code apply_gradients}' first node ({@code beta1_power}).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"none, NONE, KERAS", "layer, LAYER, KERAS", "batch, BATCH, KERAS",
      "collected, BATCH, COLLECTED"})
  void wholeGraphIsTf1s(String golden, Normalization n, BnUpdates u) throws IOException {
    String[] expected = wholeTf1Listing(golden).lines().toArray(String[]::new);
    String[] got;
    try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook().withNormalization(n)
        .withBnUpdates(u).withGradients(GradientBuilder.TF1))) {
      got = new String(GraphExport.LIST.render(g.graph().toGraphDef()), StandardCharsets.UTF_8)
          .lines().toArray(String[]::new);
    }
    for (int i = 0; i < Math.min(expected.length, got.length); i++) {
      if (!expected[i].equals(got[i])) {
        fail("first difference at node " + (i + 1) + ": expected\n  " + expected[i]
            + "\nbut got\n  " + got[i]);
      }
    }
    assertEquals(expected.length, got.length, "number of nodes");
  }

  /** TF 1.15's whole listing of a variant: the two golden listings spliced. */
  public static String wholeTf1Listing(String golden) throws IOException {
    List<String> forward = resource("tf1/notebook-" + golden + ".txt").lines().toList();
    List<String> gradients = resource("gradients-" + golden + ".txt").lines()
        .filter(l -> !l.startsWith("#")).toList();
    int at = 0;
    while (!forward.get(at).startsWith("beta1_power")) {
      at++;
    }
    List<String> all = new ArrayList<>(forward.subList(0, at));
    all.addAll(gradients);
    all.addAll(forward.subList(at, forward.size()));
    return String.join("\n", all) + "\n";
  }

  /**
   * ops.Graph._control_dependencies_for_inputs: inside cell 4's {@code
   * tf.control_dependencies(extra_ops)}, an op gets the update ops as control inputs unless one of
   * its inputs was itself created inside the block. So the ops with no inputs or only forward
   * inputs wait for them ({@code gradients/Shape}, the seed, the tuples' NoOps, each Shape of a
   * forward tensor), and every op fed by a gradient does not.
   */
  @Test
  void collectedUpdateOpsReachExactlyTheGradientOpsTf1GivesThem() {
    GraphConfig c = GraphConfig.notebook().withBnUpdates(BnUpdates.COLLECTED);
    Map<String, String> byName = Arrays.stream(gradientLines(c))
        .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(' ')), Function.identity()));
    String updates = "^batch_normalization/cond_2/Merge, ^batch_normalization/cond_3/Merge, "
        + "^batch_normalization_1/cond_2/Merge, ^batch_normalization_1/cond_3/Merge";
    assertEquals("gradients/Shape Const [" + updates + "]", byName.get("gradients/Shape"));
    assertEquals("gradients/Fill Fill [gradients/Shape, gradients/grad_ys_0]",
        byName.get("gradients/Fill"));
    assertEquals("gradients/MatMul_grad/tuple/group_deps NoOp [" + updates
        + ", ^gradients/MatMul_grad/MatMul, ^gradients/MatMul_grad/MatMul_1]",
        byName.get("gradients/MatMul_grad/tuple/group_deps"));
    assertEquals("gradients/MatMul_grad/MatMul_1 MatMul [Placeholder, "
        + "gradients/add_grad/tuple/control_dependency]",
        byName.get("gradients/MatMul_grad/MatMul_1"));
    for (String line : byName.values()) {
      boolean gradientInput = line.contains("[gradients/") || line.contains(", gradients/");
      assertTrue(!gradientInput || !line.contains("^batch_normalization"),
          "an op fed by a gradient waits for the update ops: " + line);
    }
    // The same graph with the keras layers' (empty) UPDATE_OPS has no such inputs at all.
    String keras = String.join("\n",
        gradientLines(GraphConfig.notebook().withBnUpdates(BnUpdates.KERAS)));
    assertTrue(!keras.contains("cond_2/Merge") && !keras.contains("cond_3/Merge"));
  }

  private static String[] gradientLines(GraphConfig config) {
    try (NotebookGraph g = NotebookGraph.build(config.withGradients(GradientBuilder.TF1))) {
      String listing = new String(GraphExport.LIST.render(g.graph().toGraphDef()),
          StandardCharsets.UTF_8);
      return listing.lines().filter(l -> l.startsWith("gradients/")).toArray(String[]::new);
    }
  }

  static String resource(String name) throws IOException {
    try (InputStream in = Tf1GradientsListingTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
