package hiddenlayer.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.tf1.MetaGraphExport;
import hiddenlayer.tf1.checkpoint.Saver;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.CondContextDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.VariableAggregation;
import org.tensorflow.proto.VariableDef;
import org.tensorflow.proto.VariableSynchronization;

/**
 * The MetaGraphDef of the notebook's graph after {@code saver = tf.train.Saver()}, as TF 1.15's
 * {@code Saver.save} writes it, field by field. Each golden value is derived from TF 1.15.0's
 * sources (v1.15.0 = commit 590d6eef, paths under {@code tensorflow/python/}); the line numbers
 * are that commit's.
 */
class NotebookMetaGraphTest {

  private static MetaGraphDef export(Variant v) {
    try (NotebookGraph g = NotebookGraph.build(v.applyTo(GraphConfig.notebook()))) {
      g.saver();
      return MetaGraphExport.of(g.graph()).collections(g.collections())
          .saverDef(Saver.SAVER_DEF).build();
    }
  }

  private static List<VariableDef> variableDefs(MetaGraphDef m, String key) throws Exception {
    List<VariableDef> defs = new ArrayList<>();
    for (var b : m.getCollectionDefOrThrow(key).getBytesList().getValueList()) {
      defs.add(VariableDef.parseFrom(b));
    }
    return defs;
  }

  private static VariableDef named(List<VariableDef> defs, String variableName) {
    return defs.stream().filter(d -> d.getVariableName().equals(variableName)).findFirst()
        .orElseThrow(() -> new AssertionError("no VariableDef " + variableName));
  }

  /**
   * saver.py lines 549-556 ({@code _build_internal} returns the SaverDef): the tensors' names
   * ({@code filename_tensor.name} = {@code save/Const:0}: "Keep the name "Const" for backwards
   * compatibility", line 267; {@code save_tensor.name} = {@code save/control_dependency:0}, the
   * {@code with_dependencies} Identity of line 300; {@code restore_op.name} = {@code
   * save/restore_all}, line 342), {@code Saver.__init__} defaults max_to_keep=5 and
   * keep_checkpoint_every_n_hours=10000.0 (lines 685-686), sharded=False (line 689), and
   * write_version=V2 (line 693).
   */
  @Test
  void saverDefAsTf115Writes() {
    SaverDef expected = SaverDef.newBuilder()
        .setFilenameTensorName("save/Const:0")
        .setSaveTensorName("save/control_dependency:0")
        .setRestoreOpName("save/restore_all")
        .setMaxToKeep(5)
        .setKeepCheckpointEveryNHours(10000.0f)
        .setVersion(SaverDef.CheckpointFormatVersion.V2)
        .build();
    assertEquals(expected, Saver.SAVER_DEF);
    assertEquals(expected, export(Variant.NONE).getSaverDef());
  }

  /**
   * meta_graph.py lines 574-575 write the version strings; 585-589 {@code stripped_op_list} =
   * {@code stripped_op_list_for_graph(graph_def)} (lines 174-209): the registered OpDef of each
   * op the nodes use, in sorted order. The expected set is computed here from the graph_def's
   * nodes, independently. {@code Saver.save} passes no tags (meta_info_def empty besides).
   */
  @Test
  void metaInfoDef() {
    MetaGraphDef m = export(Variant.BATCH_KERAS);
    var info = m.getMetaInfoDef();
    assertEquals("1.15.0", info.getTensorflowVersion());
    assertEquals("v1.15.0-rc3-22-g590d6ee", info.getTensorflowGitVersion());
    assertEquals(0, info.getTagsCount());
    assertFalse(info.getStrippedDefaultAttrs());
    Set<String> used = new TreeSet<>();
    m.getGraphDef().getNodeList().forEach(n -> used.add(n.getOp()));
    List<String> listed = info.getStrippedOpList().getOpList().stream().map(OpDef::getName)
        .toList();
    assertEquals(new ArrayList<>(used), listed);
    assertTrue(used.containsAll(List.of("VarHandleOp", "VariableV2", "Switch", "Merge",
        "SaveV2", "RestoreV2", "ApplyAdam", "ResourceApplyAdam")), used.toString());
  }

  /**
   * ops.py lines 3171-3176 ({@code as_graph_def(add_shapes=True)}): a node with outputs gets
   * {@code _output_shapes}, one shape per output; a node without (NoOp, AssignVariableOp,
   * SaveV2, ResourceApplyAdam) gets none.
   */
  @Test
  void graphDefCarriesOutputShapes() {
    MetaGraphDef m = export(Variant.BATCH_KERAS);
    // Whether an op has outputs, from its registered OpDef (none of these ops has a list
    // output that could be empty).
    java.util.Map<String, OpDef> defs = new java.util.HashMap<>();
    org.tensorflow.TensorFlow.registeredOpList().getOpList().forEach(d -> defs.put(d.getName(), d));
    int withShapes = 0;
    for (NodeDef n : m.getGraphDef().getNodeList()) {
      boolean noOutputs = defs.get(n.getOp()).getOutputArgCount() == 0;
      assertEquals(!noOutputs, n.containsAttr("_output_shapes"), n.getName());
      if (!noOutputs) {
        withShapes++;
      }
    }
    assertTrue(withShapes > 0);
    NodeDef x = m.getGraphDef().getNodeList().stream()
        .filter(n -> n.getName().equals("Placeholder")).findFirst().orElseThrow();
    // tf.placeholder(tf.float32, [None, 784]): dims -1 and 784.
    var shape = x.getAttrOrThrow("_output_shapes").getList().getShape(0);
    assertEquals(-1, shape.getDim(0).getSize());
    assertEquals(784, shape.getDim(1).getSize());
    // gradients_util.py line 707: in_grad.set_shape(t_in.get_shape()), which ops.py lines
    // 637-640 pass to the C graph (TF_GraphSetTensorShape): the mean's gradient, [?, ?] by
    // inference, takes the [?, 512] of the layer it flows into.
    NodeDef meanGrad = m.getGraphDef().getNodeList().stream()
        .filter(n -> n.getName().equals("gradients/batch_normalization/moments/mean_grad/truediv"))
        .findFirst().orElseThrow();
    var refined = meanGrad.getAttrOrThrow("_output_shapes").getList().getShape(0);
    assertEquals(List.of(-1L, 512L),
        refined.getDimList().stream().map(d -> d.getSize()).toList());
  }

  /**
   * The collections each variant's graph holds, derived from where TF 1.15 adds to them:
   * variables.py lines 1772-1797 and resource_variable_ops.py lines 1496-1511 (every variable to
   * {@code variables}, a trainable one to {@code trainable_variables} too); optimizer.py lines
   * 633-636 ({@code apply_gradients} adds the train op to {@code train_op}); control_flow_ops.py
   * lines 1281-1285 ({@code cond} adds both CondContexts to {@code cond_context}); layers/base.py
   * line 552 ({@code tf.layers}' {@code __call__} adds the layer's updates to {@code
   * update_ops}); contrib/framework/python/ops/variables.py line 335 ({@code model_variable}
   * adds {@code model_variables}). meta_graph.py lines 420-421: an empty collection is not
   * written, so the keras variant has no {@code update_ops}.
   */
  @Test
  void collectionKeysPerVariant() {
    assertEquals(Set.of("variables", "trainable_variables", "train_op"),
        export(Variant.NONE).getCollectionDefMap().keySet());
    assertEquals(Set.of("variables", "trainable_variables", "train_op", "model_variables"),
        export(Variant.LAYER).getCollectionDefMap().keySet());
    assertEquals(Set.of("variables", "trainable_variables", "train_op", "cond_context"),
        export(Variant.BATCH_KERAS).getCollectionDefMap().keySet());
    MetaGraphDef collected = export(Variant.BATCH_COLLECTED);
    assertEquals(Set.of("variables", "trainable_variables", "train_op", "cond_context",
        "update_ops"), collected.getCollectionDefMap().keySet());
    // _get_kind_name (meta_graph.py lines 212-232): tensors make a node_list of their names;
    // keras' updates are the Merge tensors of cond_2 and cond_3 of each layer.
    assertEquals(List.of("batch_normalization/cond_2/Merge:0", "batch_normalization/cond_3/Merge:0",
        "batch_normalization_1/cond_2/Merge:0", "batch_normalization_1/cond_3/Merge:0"),
        collected.getCollectionDefOrThrow("update_ops").getNodeList().getValueList());
    // Adam's _finish groups the updates into the NoOp named after the optimizer (adam.py).
    assertEquals(CollectionDef.NodeList.newBuilder().addValue("Adam").build(),
        collected.getCollectionDefOrThrow("train_op").getNodeList());
  }

  /**
   * {@code RefVariable.to_proto} (variables.py lines 2591-2621) for cell 1's first weight:
   * {@code _variable.name} = the VariableV2's tensor, {@code _initial_value} = the {@code
   * truncated_normal} tensor passed to {@code tf.Variable} ({@code convert_to_tensor} returns a
   * tensor unchanged), the {@code Assign} op, the {@code read} snapshot; synchronization AUTO and
   * aggregation NONE (both 0, so absent); is_resource false. {@code get_variable} with an
   * initializer builds the value under {@code NAME/Initializer} (variables.py lines 1814-1818).
   */
  @Test
  void refVariableDefs() throws Exception {
    List<VariableDef> vars = variableDefs(export(Variant.LAYER), "variables");
    assertEquals(VariableDef.newBuilder().setVariableName("Variable:0")
        .setInitialValueName("truncated_normal:0").setInitializerName("Variable/Assign")
        .setSnapshotName("Variable/read:0").setTrainable(true).build(),
        named(vars, "Variable:0"));
    assertEquals(VariableDef.newBuilder().setVariableName("LayerNorm/beta:0")
        .setInitialValueName("LayerNorm/beta/Initializer/zeros:0")
        .setInitializerName("LayerNorm/beta/Assign").setSnapshotName("LayerNorm/beta/read:0")
        .setTrainable(true).build(), named(vars, "LayerNorm/beta:0"));
    // Adam's non-slot variable: variable_scope.variable(beta1, name="beta1_power",
    // trainable=False) (adam.py _create_slots); its value converted as "initial_value".
    assertEquals(VariableDef.newBuilder().setVariableName("beta1_power:0")
        .setInitialValueName("beta1_power/initial_value:0")
        .setInitializerName("beta1_power/Assign").setSnapshotName("beta1_power/read:0")
        .build(), named(vars, "beta1_power:0"));
    List<String> model = new ArrayList<>();
    variableDefs(export(Variant.LAYER), "model_variables")
        .forEach(d -> model.add(d.getVariableName()));
    // contrib layer_norm creates beta, then gamma (layers.py, layer_norm).
    assertEquals(List.of("LayerNorm/beta:0", "LayerNorm/gamma:0", "LayerNorm_1/beta:0",
        "LayerNorm_1/gamma:0"), model);
  }

  /**
   * {@code ResourceVariable.to_proto} (resource_variable_ops.py lines 664-707): the handle's
   * tensor, the initial value, the initializer ({@code NAME/Assign}), no cached value so the
   * graph element {@code NAME/Read/ReadVariableOp:0} is the snapshot, is_resource true. keras'
   * moving statistics are added with synchronization ON_READ (3) and aggregation MEAN (2)
   * (keras/layers/normalization.py lines 393-411); gamma and beta with the defaults AUTO, NONE.
   */
  @Test
  void resourceVariableDefs() throws Exception {
    MetaGraphDef m = export(Variant.BATCH_KERAS);
    List<VariableDef> vars = variableDefs(m, "variables");
    assertEquals(VariableDef.newBuilder().setVariableName("batch_normalization/gamma:0")
        .setInitialValueName("batch_normalization/gamma/Initializer/ones:0")
        .setInitializerName("batch_normalization/gamma/Assign")
        .setSnapshotName("batch_normalization/gamma/Read/ReadVariableOp:0")
        .setIsResource(true).setTrainable(true).build(),
        named(vars, "batch_normalization/gamma:0"));
    VariableDef mean = named(vars, "batch_normalization/moving_mean:0");
    assertEquals(VariableDef.newBuilder().setVariableName("batch_normalization/moving_mean:0")
        .setInitialValueName("batch_normalization/moving_mean/Initializer/zeros:0")
        .setInitializerName("batch_normalization/moving_mean/Assign")
        .setSnapshotName("batch_normalization/moving_mean/Read/ReadVariableOp:0")
        .setIsResource(true)
        .setSynchronization(VariableSynchronization.VARIABLE_SYNCHRONIZATION_ON_READ)
        .setAggregation(VariableAggregation.VARIABLE_AGGREGATION_MEAN).build(), mean);
    assertEquals(3, mean.getSynchronizationValue());
    assertEquals(2, mean.getAggregationValue());
    // trainable_variables in creation order: cell 1's W, b of every layer, then cell 3's
    // gamma, beta of each keras layer.
    List<String> trainable = new ArrayList<>();
    variableDefs(m, "trainable_variables").forEach(d -> trainable.add(d.getVariableName()));
    assertEquals(List.of("Variable:0", "Variable_1:0", "Variable_2:0", "Variable_3:0",
        "Variable_4:0", "Variable_5:0", "batch_normalization/gamma:0",
        "batch_normalization/beta:0", "batch_normalization_1/gamma:0",
        "batch_normalization_1/beta:0"), trainable);
  }

  /**
   * {@code CondContext.to_proto} (control_flow_ops.py lines 894-919) for keras' first cond,
   * {@code smart_cond(training, lambda: mean, lambda: moving_mean)}: the name {@code
   * unique_name("cond_text")} in the cond's scope (line 830), pred = {@code pred_id:0}, pivot =
   * {@code switch_t:0} / {@code switch_f:0} (lines 1211-1221), branch 1 / 0; values sorted
   * (line 717): pred and pivot (lines 843-845), each value the branch added and the Switch
   * standing for it ({@code AddValue}, lines 935-971; {@code _ProcessOutputTensor} for a result
   * from outside, lines 1041-1062); external_values maps pred to itself (line 844) and each
   * outside tensor to its Switch output (1 in the true branch, 0 in the false).
   */
  @Test
  void condContextDefs() throws Exception {
    MetaGraphDef m = export(Variant.BATCH_KERAS);
    List<CondContextDef> conds = new ArrayList<>();
    for (var b : m.getCollectionDefOrThrow("cond_context").getBytesList().getValueList()) {
      conds.add(CondContextDef.parseFrom(b));
    }
    // Four conds per layer, two contexts each, two layers.
    assertEquals(16, conds.size());
    CondContextDef t = conds.get(0);
    assertEquals("batch_normalization/cond/cond_text", t.getContextName());
    assertEquals("batch_normalization/cond/pred_id:0", t.getPredName());
    assertEquals("batch_normalization/cond/switch_t:0", t.getPivotName());
    assertEquals(1, t.getBranch());
    // lambda: mean returns a tensor from outside: _ProcessOutputTensor (lines 1031-1047) adds
    // its name and builds Switch_1 inside the context, whose _AddOpInternal (lines 974-1025)
    // adds both outputs of the Switch.
    assertEquals(List.of("batch_normalization/cond/Switch_1:0",
        "batch_normalization/cond/Switch_1:1", "batch_normalization/cond/pred_id:0",
        "batch_normalization/cond/switch_t:0", "batch_normalization/moments/Squeeze:0"),
        t.getValuesDef().getValuesList());
    assertEquals(java.util.Map.of(
        "batch_normalization/cond/pred_id:0", "batch_normalization/cond/pred_id:0",
        "batch_normalization/moments/Squeeze:0", "batch_normalization/cond/Switch_1:1"),
        t.getValuesDef().getExternalValuesMap());
    assertEquals(0, t.getNestedContextsCount());
    CondContextDef f = conds.get(1);
    assertEquals("batch_normalization/cond/cond_text_1", f.getContextName());
    assertEquals("batch_normalization/cond/switch_f:0", f.getPivotName());
    assertEquals(0, f.getBranch());
    // lambda: convert_to_tensor(moving_mean): a ReadVariableOp built in the branch, whose
    // outside input (the handle) enters through AddValue's Switch (output 0, the false side).
    assertEquals(List.of("batch_normalization/cond/ReadVariableOp/Switch:0",
        "batch_normalization/cond/ReadVariableOp:0", "batch_normalization/cond/pred_id:0",
        "batch_normalization/cond/switch_f:0", "batch_normalization/moving_mean:0"),
        f.getValuesDef().getValuesList());
    assertEquals(java.util.Map.of(
        "batch_normalization/cond/pred_id:0", "batch_normalization/cond/pred_id:0",
        "batch_normalization/moving_mean:0", "batch_normalization/cond/ReadVariableOp/Switch:0"),
        f.getValuesDef().getExternalValuesMap());
  }
}
