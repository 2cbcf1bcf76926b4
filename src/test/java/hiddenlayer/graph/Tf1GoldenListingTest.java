package hiddenlayer.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The graph outside {@code gradients/} is the one TF 1.15.0's Python builds for the notebook's
 * cells, node for node: names, op types, data and control inputs, creation order and seeds. The
 * golden listings in {@code tf1/} were derived by hand from TF 1.15.0's sources (TF1_GRAPH.md
 * names the file and function behind every block), not from this project's output.
 */
class Tf1GoldenListingTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({"notebook-batch.txt, BATCH, KERAS", "notebook-layer.txt, LAYER, KERAS",
      "notebook-none.txt, NONE, KERAS"})
  void graphIsTf1sNodeForNode(String golden, Normalization norm, BnUpdates updates) {
    GraphListing expected = golden(golden);
    GraphListing actual = listing(GraphConfig.notebook().withNormalization(norm)
        .withBnUpdates(updates));
    GraphListing.Comparison c = expected.compare(actual);
    assertTrue(c.same(), () -> c.describeFirst(golden, "graph").orElseThrow());
    assertEquals(expected.nodes().size(), c.equal());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"notebook-batch.txt, BATCH, KERAS", "notebook-layer.txt, LAYER, KERAS",
      "notebook-none.txt, NONE, KERAS", "notebook-collected.txt, BATCH, COLLECTED"})
  void withTf1sGradientBuilderEvenTheAppliedGradientsAreTf1sNames(String golden,
      Normalization norm, BnUpdates updates) {
    // With --gradients tf1 the applies take TF1's GATE_OP tensors
    // (gradients/MatMul_grad/tuple/control_dependency_1, ...), which the golden files name as
    // the derivation gives them: compared as they are, not as gradients/...
    List<String> expected = raw(golden);
    List<String> actual;
    try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook().withNormalization(norm)
        .withBnUpdates(updates).withGradients(hiddenlayer.tf1.gradients.GradientBuilder.TF1))) {
      actual = new String(GraphExport.LIST.render(g.graph().toGraphDef()), StandardCharsets.UTF_8)
          .lines().filter(l -> !l.startsWith(GraphListing.GRADIENTS)).toList();
    }
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      assertEquals(expected.get(i), actual.get(i), golden + ", node " + (i + 1));
    }
    assertEquals(expected.size(), actual.size());
  }

  @Test
  void collectedUpdatesAddOnlyTheControlInputsTf1ControlDependenciesPuts() {
    // --bn-updates collected: the keras layers' updates (the Merge of each cond_2, cond_3) in
    // UPDATE_OPS, so cell 4's `with tf.control_dependencies(extra_ops)` is on four ops. TF1
    // puts them on the ops created inside that block whose inputs were not created inside it
    // (ops.Graph._control_dependencies_for_inputs): Adam's four constants and the NoOp Adam.
    // The applies read Adam/learning_rate and Adam/Assign reads Adam/mul: they get none.
    GraphListing collected = golden("notebook-collected.txt");
    GraphListing c = listing(GraphConfig.notebook().withBnUpdates(BnUpdates.COLLECTED));
    GraphListing.Comparison cmp = collected.compare(c);
    assertTrue(cmp.same(), () -> cmp.describeFirst("notebook-collected.txt", "graph")
        .orElseThrow());

    List<GraphListing.Node> keras = golden("notebook-batch.txt").nodes();
    assertEquals(keras.size(), collected.nodes().size());
    String updates = "^batch_normalization/cond_2/Merge, ^batch_normalization/cond_3/Merge, "
        + "^batch_normalization_1/cond_2/Merge, ^batch_normalization_1/cond_3/Merge";
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < keras.size(); i++) {
      String k = keras.get(i).line();
      String u = collected.nodes().get(i).line();
      if (!k.equals(u)) {
        changed.add(keras.get(i).name());
        String plus = k.endsWith("[]") ? k.replace("[]", "[" + updates + "]")
            : k.substring(0, k.length() - 1) + ", " + updates + "]";
        assertEquals(plus, u, "only the four control inputs are added");
      }
    }
    assertEquals(List.of("Adam/learning_rate", "Adam/beta1", "Adam/beta2", "Adam/epsilon",
        "Adam"), changed);
  }

  private static List<String> raw(String name) {
    try (InputStream in = Tf1GoldenListingTest.class.getResourceAsStream("tf1/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static GraphListing golden(String name) {
    try (InputStream in = Tf1GoldenListingTest.class.getResourceAsStream("tf1/" + name)) {
      return GraphListing.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static GraphListing listing(GraphConfig config) {
    try (NotebookGraph g = NotebookGraph.build(config)) {
      return GraphListing.parse(new String(GraphExport.LIST.render(g.graph().toGraphDef()),
          StandardCharsets.UTF_8), "graph");
    }
  }
}
