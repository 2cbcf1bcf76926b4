package hiddenlayer.tf1.checkpoint;

import hiddenlayer.tf1.MetaGraphImport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SaverDef;

/**
 * The {@code tf.train.Saver(saver_def=meta_graph_def.saver_def)} that {@code
 * tf.train.import_meta_graph} returns ({@code training/saver.py}: {@code
 * _create_saver_from_imported_meta_graph}, {@code Saver.from_proto}): it builds nothing, it runs
 * the imported graph's save and restore ops by the {@code SaverDef}'s names, feeding the
 * checkpoint prefix to {@code filename_tensor_name}, fetching {@code save_tensor_name} to save
 * and running {@code restore_op_name} to restore; around the save, the same bookkeeping as
 * {@link Saver} ({@code PREFIX-STEP}, the state file, the last {@code max_to_keep} kept).
 *
 * <p>Before a restore the checkpoint is checked against what the graph's {@code RestoreV2} ops
 * read (their {@code tensor_names}, {@code dtypes}, and the shape of the variable of that name
 * where there is one), so that a checkpoint of another graph is refused naming the variable.
 */
public final class ImportedSaver implements CheckpointSaver {
  private final SaverDef def;
  private final KeptCheckpoints kept;
  private final List<SavedTensor> restored;

  private ImportedSaver(SaverDef def, List<SavedTensor> restored) {
    this.def = def;
    this.kept = new KeptCheckpoints(def.getMaxToKeep());
    this.restored = restored;
  }

  /** The Saver of {@code meta}'s {@code saver_def}; empty when the file has none. */
  public static Optional<ImportedSaver> of(MetaGraphImport meta) {
    if (meta.saverDef().isEmpty()) {
      return Optional.empty();
    }
    SaverDef def = meta.saverDef().get();
    return Optional.of(new ImportedSaver(def, restoredTensors(meta, def)));
  }

  @Override
  public SaverDef saverDef() {
    return def;
  }

  /** What the restore op reads, in the order of the graph's {@code RestoreV2} ops. */
  public List<SavedTensor> restoredTensors() {
    return restored;
  }

  /**
   * {@code saver.save(session, savePath, global_step=step)} through {@code runner}, with {@code
   * metaGraph} (unless null) written to {@code savePath-step.meta}; returns the checkpoint's
   * prefix.
   */
  @Override
  public String save(Saver.Runner runner, String savePath, long globalStep,
      MetaGraphDef metaGraph) {
    requireV2(savePath);
    return kept.save(runner, savePath, globalStep, metaGraph);
  }

  /** {@code saver.restore(session, prefix)} through {@code runner}, the checkpoint checked first. */
  @Override
  public void restore(Saver.Runner runner, String prefix) {
    requireV2(prefix);
    SavedTensor.check(prefix, restored);
    runner.restore(prefix);
  }

  /** Only V2 checkpoints are read and written here ({@code CheckpointReader}). */
  private void requireV2(String prefix) {
    if (def.getVersion() != SaverDef.CheckpointFormatVersion.V2) {
      throw new CheckpointException(prefix + ": the graph's saver_def writes "
          + def.getVersion() + " checkpoints; only V2 (TF1's default since 1.2) is supported");
    }
  }

  /**
   * The tensors the {@code RestoreV2} ops upstream of {@code restore_op_name} read: each one's
   * {@code tensor_names} constant and {@code dtypes}; the shape is that of the variable ({@code
   * VariableV2}, {@code VarHandleOp}) named as the key, as the default Saver names them.
   */
  private static List<SavedTensor> restoredTensors(MetaGraphImport meta, SaverDef def) {
    Map<String, NodeDef> byName = new HashMap<>();
    meta.graphDef().getNodeList().forEach(n -> byName.put(n.getName(), n));
    List<SavedTensor> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(def.getRestoreOpName()));
    List<NodeDef> restores = new ArrayList<>();
    while (!todo.isEmpty()) {
      NodeDef n = byName.get(MetaGraphImport.opName(todo.pop()));
      if (n == null || !seen.add(n.getName())) {
        continue;
      }
      if (n.getOp().equals("RestoreV2")) {
        restores.add(n);
        continue;
      }
      todo.addAll(n.getInputList());
    }
    restores.sort(java.util.Comparator.comparing(NodeDef::getName));
    for (NodeDef r : restores) {
      NodeDef names = r.getInputCount() > 1 ? byName.get(MetaGraphImport.opName(r.getInput(1)))
          : null;
      if (names == null || !names.getOp().equals("Const") || !names.containsAttr("value")) {
        continue; // names computed at run time: TensorFlow's restore reports what is missing
      }
      List<String> keys = strings(names.getAttrOrThrow("value").getTensor());
      List<DataType> dtypes = r.getAttrOrDefault("dtypes", AttrValue.getDefaultInstance())
          .getList().getTypeList();
      for (int i = 0; i < keys.size() && i < dtypes.size(); i++) {
        out.add(new SavedTensor(keys.get(i), CheckpointReader.dtypeName(dtypes.get(i)),
            shapeOf(byName.get(keys.get(i)))));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The strings of a string tensor: its {@code string_val} (as Python writes a constant), or
   * its {@code tensor_content} in TF's {@code EncodeStringList} layout ({@code
   * core/platform/tensor_coding.cc}: every length as a varint32, then the bytes), as TF's C++
   * {@code AsProtoTensorContent} writes one.
   */
  static List<String> strings(org.tensorflow.proto.TensorProto t) {
    if (t.getStringValCount() > 0 || t.getTensorContent().isEmpty()) {
      return t.getStringValList().stream().map(b -> b.toStringUtf8()).toList();
    }
    long n = 1;
    for (var d : t.getTensorShape().getDimList()) {
      n *= d.getSize();
    }
    byte[] b = t.getTensorContent().toByteArray();
    int[] lengths = new int[(int) n];
    int i = 0;
    for (int k = 0; k < n; k++) {
      int len = 0;
      for (int shift = 0; ; shift += 7) {
        int c = b[i++] & 0xff;
        len |= (c & 0x7f) << shift;
        if (c < 0x80) {
          break;
        }
      }
      lengths[k] = len;
    }
    List<String> out = new ArrayList<>();
    for (int len : lengths) {
      out.add(new String(b, i, len, java.nio.charset.StandardCharsets.UTF_8));
      i += len;
    }
    return out;
  }

  private static long[] shapeOf(NodeDef variable) {
    if (variable == null || !Set.of("VariableV2", "VarHandleOp", "Variable")
        .contains(variable.getOp()) || !variable.containsAttr("shape")) {
      return null;
    }
    var shape = variable.getAttrOrThrow("shape").getShape();
    if (shape.getUnknownRank()) {
      return null;
    }
    return shape.getDimList().stream().mapToLong(d -> d.getSize()).toArray();
  }
}
