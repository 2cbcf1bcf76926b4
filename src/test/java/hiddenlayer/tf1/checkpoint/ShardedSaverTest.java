package hiddenlayer.tf1.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.graph.GraphConfig;
import hiddenlayer.graph.NotebookGraph;
import hiddenlayer.graph.Normalization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Session;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SaverDef;

/**
 * The ops {@code tf.train.Saver(sharded=True, write_version=V2, allow_empty=True)} (what {@code
 * SavedModelBuilder._maybe_create_saver} makes) adds, derived from {@code training/saver.py} of
 * v1.15.0: {@code _build_internal} (lines 489-503), {@code _AddShardedSaveOpsForV2} (lines
 * 250-277), {@code _AddSaveOps} (207), {@code _AddShardedRestoreOps} (374-382).
 */
class ShardedSaverTest {
  private static final UUID ID = UUID.fromString("0123abcd-0000-0000-0000-00000000cafe");

  /** A node as the test compares it: name, op, data inputs, control inputs (as a set), device. */
  record Node(String name, String op, List<String> inputs, Set<String> controls, String device) {
    static Node of(NodeDef n) {
      List<String> in = new ArrayList<>();
      Set<String> ctl = new TreeSet<>();
      for (String i : n.getInputList()) {
        if (i.startsWith("^")) {
          ctl.add(i.substring(1));
        } else {
          in.add(i);
        }
      }
      return new Node(n.getName(), n.getOp(), in, ctl, n.getDevice());
    }
  }

  private static Node node(String name, String op, List<String> inputs, Set<String> controls,
      String device) {
    return new Node(name, op, inputs, controls, device);
  }

  /**
   * The save half for the layer-norm graph (ref variables only, whose save tensors are the
   * variables themselves), in creation order. One device ("") makes one shard; {@code
   * set_cpu0("")} is {@code /device:CPU:0}. The suffix constant is {@code StringJoin}'s second
   * input, converted as {@code inputs_1} ({@code op_def_library}: a list input's elements are
   * named {@code <arg>_<i>}); the shard prefix list is packed as {@code
   * MergeV2Checkpoints/checkpoint_prefixes}. Under {@code control_dependencies([save/
   * control_dependency])} the Pack gets that control input (its data input was made outside the
   * block), MergeV2Checkpoints none (its Pack input was made inside: {@code
   * _control_dependencies_for_inputs} calls it dominated), and the final {@code identity} of
   * the prefix both blocks' inputs.
   */
  @Test
  void saveOpsAreNamedAndWiredAsTf1BuildsThem() {
    try (NotebookGraph g = NotebookGraph.build(
        GraphConfig.notebook().withNormalization(Normalization.LAYER))) {
      ShardedSaver saver = ShardedSaver.build(g.root(), g.globalVariables(), ID);
      List<Node> save = new ArrayList<>();
      for (NodeDef n : g.graph().toGraphDef().getNodeList()) {
        if (n.getName().startsWith("save/") && !n.getName().startsWith("save/RestoreV2")
            && !n.getName().startsWith("save/Assign") && !n.getName().startsWith("save/restore")) {
          save.add(Node.of(n));
        }
      }
      String cpu = "/device:CPU:0";
      List<String> vars = new ArrayList<>(new TreeSet<>(g.globalVariables().stream()
          .map(v -> v.name()).toList()));
      List<String> saveInputs = new ArrayList<>(List.of("save/ShardedFilename",
          "save/SaveV2/tensor_names", "save/SaveV2/shape_and_slices"));
      saveInputs.addAll(vars);
      assertEquals(List.of(
          node("save/filename/input", "Const", List.of(), Set.of(), ""),
          node("save/filename", "PlaceholderWithDefault", List.of("save/filename/input"),
              Set.of(), ""),
          node("save/Const", "PlaceholderWithDefault", List.of("save/filename"), Set.of(), ""),
          node("save/StringJoin/inputs_1", "Const", List.of(), Set.of(), ""),
          node("save/StringJoin", "StringJoin", List.of("save/Const", "save/StringJoin/inputs_1"),
              Set.of(), ""),
          node("save/num_shards", "Const", List.of(), Set.of(), ""),
          node("save/ShardedFilename/shard", "Const", List.of(), Set.of(), cpu),
          node("save/ShardedFilename", "ShardedFilename", List.of("save/StringJoin",
              "save/ShardedFilename/shard", "save/num_shards"), Set.of(), cpu),
          node("save/SaveV2/tensor_names", "Const", List.of(), Set.of(), cpu),
          node("save/SaveV2/shape_and_slices", "Const", List.of(), Set.of(), cpu),
          node("save/SaveV2", "SaveV2", saveInputs, Set.of(), cpu),
          node("save/control_dependency", "Identity", List.of("save/ShardedFilename"),
              Set.of("save/SaveV2"), cpu),
          node("save/MergeV2Checkpoints/checkpoint_prefixes", "Pack",
              List.of("save/ShardedFilename"), Set.of("save/control_dependency"), cpu),
          node("save/MergeV2Checkpoints", "MergeV2Checkpoints",
              List.of("save/MergeV2Checkpoints/checkpoint_prefixes", "save/Const"), Set.of(),
              cpu),
          node("save/Identity", "Identity", List.of("save/Const"),
              Set.of("save/control_dependency", "save/MergeV2Checkpoints"), cpu)), save);
      assertEquals("_temp_0123abcd00000000000000000000cafe/part", node(g,
          "save/StringJoin/inputs_1").getAttrOrThrow("value").getTensor().getStringVal(0)
          .toStringUtf8()); // "_temp_%s/part" % uuid.uuid4().hex
      assertTrue(g.graph().operationOrThrow("save/MergeV2Checkpoints").attributes()
          .getAttrBool("delete_old_dirs"));

      NodeDef shard = node(g, "save/restore_shard");
      NodeDef all = node(g, "save/restore_all");
      assertEquals("NoOp", shard.getOp());
      assertEquals(vars.size(), shard.getInputCount()); // one assign per variable
      assertEquals(List.of("^save/restore_shard"), all.getInputList());

      // Saver.as_saver_def(), with Saver.__init__'s defaults and sharded=True
      assertEquals(SaverDef.newBuilder().setFilenameTensorName("save/Const:0")
          .setSaveTensorName("save/Identity:0").setRestoreOpName("save/restore_all")
          .setMaxToKeep(5).setSharded(true).setKeepCheckpointEveryNHours(10000f)
          .setVersion(SaverDef.CheckpointFormatVersion.V2).build(), saver.saverDef());
    }
  }

  /**
   * With keras batch norm's resource variables, each one's save tensor is read inside {@code
   * save_op} ({@code ResourceVariableSaveable}'s closure: {@code read_value()}'s {@code
   * save/Read/ReadVariableOp} and {@code save/Identity}, then the CPU copy {@code
   * save/Identity_1}), under the shard's {@code /device:CPU:0}: 16 variables take {@code
   * save/Identity} to {@code save/Identity_31}, so the save tensor is {@code save/Identity_32}.
   */
  @Test
  void resourceVariablesReadsComeFirstInTheNames() {
    try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook())) {
      ShardedSaver saver = ShardedSaver.build(g.root(), g.globalVariables(), ID);
      assertEquals("save/Identity_32:0", saver.saverDef().getSaveTensorName());
      assertEquals("/device:CPU:0", node(g, "save/Read/ReadVariableOp").getDevice());
      assertEquals(List.of("^save/MergeV2Checkpoints", "^save/control_dependency", "save/Const"),
          new ArrayList<>(new TreeSet<>(node(g, "save/Identity_32").getInputList())));
    }
  }

  /**
   * Saving writes one checkpoint at the fed prefix (the shard merged, the temporary {@code
   * PREFIX_temp_<uuid>} directory deleted by MergeV2Checkpoints), and restoring it through
   * {@code restore_all} gives every variable back.
   */
  @Test
  void savesOneMergedCheckpointAndRestoresIt(@TempDir Path dir) throws Exception {
    try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook());
        Session s = new Session(g.graph())) {
      ShardedSaver saver = ShardedSaver.build(g.root(), g.globalVariables(), ID);
      g.initialize(s);
      String prefix = dir.resolve("variables").toString();
      saver.save(s, prefix);
      try (var files = Files.list(dir)) {
        assertEquals(List.of("variables.data-00000-of-00001", "variables.index"),
            files.map(p -> p.getFileName().toString()).sorted().toList());
      }
      assertEquals(36, CheckpointReader.open(prefix).entries().size());
      saver.restore(s, prefix);
    }
  }

  private static NodeDef node(NotebookGraph g, String name) {
    return g.graph().toGraphDef().getNodeList().stream().filter(n -> n.getName().equals(name))
        .findFirst().orElseThrow();
  }
}
