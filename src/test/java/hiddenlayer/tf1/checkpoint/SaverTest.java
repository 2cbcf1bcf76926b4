package hiddenlayer.tf1.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.graph.GraphConfig;
import hiddenlayer.graph.NotebookGraph;
import hiddenlayer.tf1.Tf1Variable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TString;

/**
 * The ops {@code tf.train.Saver()} adds to the notebook's graph, against TF 1.15's {@code
 * BaseSaverBuilder._build_internal} / {@code _AddSaveOps} / {@code _AddRestoreOps} and {@code
 * BulkSaverBuilder.bulk_restore} (training/saver.py of v1.15.0).
 */
class SaverTest {
  @Test
  void graphOfTheNotebookHasNoSaverUntilOneIsAsked() {
    try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook())) {
      for (String name : opNames(g)) {
        assertFalse(name.startsWith("save"), name);
      }
    }
  }

  @Test
  void saverOpsAreNamedAndWiredAsTf1BuildsThem() {
    try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook())) {
      g.saver();
      assertType(g, "save/filename/input", "Const");
      assertType(g, "save/filename", "PlaceholderWithDefault");
      assertType(g, "save/Const", "PlaceholderWithDefault");
      assertEquals("save/filename", g.graph().operationOrThrow("save/Const").input(0).op().name());
      assertType(g, "save/SaveV2/tensor_names", "Const");
      assertType(g, "save/SaveV2/shape_and_slices", "Const");
      GraphOperation save = assertType(g, "save/SaveV2", "SaveV2");
      assertEquals("save/Const", save.input(0).op().name());
      GraphOperation dep = assertType(g, "save/control_dependency", "Identity");
      assertEquals("save/Const", dep.input(0).op().name());
      assertEquals(1, dep.numControlInputs());
      GraphOperation restore = assertType(g, "save/RestoreV2", "RestoreV2");
      assertEquals("/device:CPU:0", restore.device());
      assertEquals(36, restore.numOutputs());
      // One restore op per variable, in the checkpoint's (sorted) order: an Assign for each of
      // the 20 ref variables (Assign is Variable's, Assign_19 beta2_power's), an
      // AssignVariableOp for each of the 16 resource ones (keras BN's and their slots), whose
      // save tensor is save/Read/ReadVariableOp, save/Identity, save/Identity_1 (on the CPU).
      assertEquals("Variable",
          g.graph().operationOrThrow("save/Assign").input(0).op().name());
      assertEquals("beta2_power",
          g.graph().operationOrThrow("save/Assign_19").input(0).op().name());
      assertEquals(null, g.graph().operation("save/Assign_20"));
      assertEquals("batch_normalization/beta",
          g.graph().operationOrThrow("save/AssignVariableOp").input(0).op().name());
      assertEquals("batch_normalization_1/moving_variance",
          g.graph().operationOrThrow("save/AssignVariableOp_15").input(0).op().name());
      assertEquals(null, g.graph().operation("save/AssignVariableOp_16"));
      assertEquals("batch_normalization/beta",
          g.graph().operationOrThrow("save/Read/ReadVariableOp").input(0).op().name());
      assertEquals("/device:CPU:0", g.graph().operationOrThrow("save/Identity_1").device());
      GraphOperation all = assertType(g, "save/restore_all", "NoOp");
      assertEquals(36, all.numControlInputs());
      assertEquals(Saver.FILENAME_TENSOR, "save/Const");
      assertEquals(Saver.SAVE_TENSOR, "save/control_dependency");
      assertEquals(Saver.RESTORE_OP, "save/restore_all");
    }
  }

  @Test
  void saveV2NamesEveryGlobalVariableSortedByName() {
    // validate_and_slice_inputs sorts by name (Python's code-point order).
    List<String> expected = new ArrayList<>(
        new TreeSet<>(CheckpointNames.notebook("batch").keySet()));
    try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook())) {
      g.saver();
      try (Session s = new Session(g.graph());
          Result r = s.runner().fetch("save/SaveV2/tensor_names")
              .fetch("save/SaveV2/shape_and_slices").fetch("save/filename").run()) {
        TString names = (TString) r.get(0);
        TString slices = (TString) r.get(1);
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < names.shape().size(); i++) {
          actual.add(names.getObject(i));
          assertEquals("", slices.getObject(i));
        }
        assertEquals(expected, actual);
        assertEquals("model", ((TString) r.get(2)).getObject()); // filename or "model"
      }
    }
  }

  @Test
  void globalVariablesAreTheNotebooksInCreationOrder() {
    try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook())) {
      List<String> names = g.globalVariables().stream().map(Tf1Variable::name).toList();
      assertEquals(List.of("Variable", "Variable_1", "Variable_2", "Variable_3", "Variable_4",
          "Variable_5", "batch_normalization/gamma", "batch_normalization/beta",
          "batch_normalization/moving_mean", "batch_normalization/moving_variance"),
          names.subList(0, 10));
      assertEquals(List.of("beta1_power", "beta2_power", "Variable/Adam", "Variable/Adam_1"),
          names.subList(14, 18));
      assertEquals(new TreeSet<>(CheckpointNames.notebook("batch").keySet()),
          new TreeSet<>(names));
      assertTrue(names.size() == 36);
    }
  }

  private static GraphOperation assertType(NotebookGraph g, String name, String type) {
    GraphOperation op = g.graph().operationOrThrow(name);
    assertEquals(type, op.type(), name);
    return op;
  }

  private static List<String> opNames(NotebookGraph g) {
    List<String> names = new ArrayList<>();
    for (Iterator<GraphOperation> it = g.graph().operations(); it.hasNext(); ) {
      names.add(it.next().name());
    }
    return names;
  }
}
