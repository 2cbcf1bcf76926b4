package hiddenlayer.tf1.checkpoint;

import hiddenlayer.tf1.SaveableObject;
import hiddenlayer.tf1.Tf1Scope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Identity;
import org.tensorflow.op.core.NoOp;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.op.train.Restore;
import org.tensorflow.op.train.Save;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * {@code saver = tf.train.Saver()} of TF 1.15: the V2 checkpoint format, not sharded, every
 * global variable under its op name, {@code max_to_keep=5}.
 *
 * <p>In the graph, as {@code BaseSaverBuilder._build_internal} builds it under the name scope
 * {@code save}: {@code save/filename} (a {@code PlaceholderWithDefault} of {@code
 * save/filename/input} = "model") and {@code save/Const} (one more on top of it: the filename
 * tensor that is fed); {@code save/SaveV2} with its {@code tensor_names} and {@code
 * shape_and_slices} constants, the variables sorted by name; {@code save/control_dependency}
 * (the filename again, after the save: the save tensor); {@code save/RestoreV2} on {@code
 * /device:CPU:0} ({@code BulkSaverBuilder.bulk_restore}: one op for all tensors); one restore op
 * per variable, which the variable's kind supplies ({@link SaveableObject}: {@code
 * ReferenceVariableSaveable}, {@code ResourceVariableSaveable}); and {@code save/restore_all},
 * their group. So any runtime saves by fetching {@link #SAVE_TENSOR} and restores by running
 * {@link #RESTORE_OP}, feeding the checkpoint prefix to {@link #FILENAME_TENSOR}, which is what
 * {@code Saver.save} and {@code Saver.restore} do with the {@code SaverDef}.
 *
 * <p>The files are written and read by TensorFlow's own {@code SaveV2} and {@code RestoreV2}
 * kernels. What Python does around them is here too: {@link #save} names the checkpoint {@code
 * PREFIX-STEP} ({@code global_step}), keeps the list of the last five and deletes older ones
 * ({@code _RecordLastCheckpoint}, {@code _MaybeDeleteOldCheckpoints}), writes the {@code
 * checkpoint} state file ({@link CheckpointState}) and, given the graph's MetaGraphDef ({@code
 * write_meta_graph=True}, the default), {@code PREFIX-STEP.meta} beside the checkpoint, which
 * goes with it when it falls out of the last five.
 */
public final class Saver implements CheckpointSaver {
  /** {@code saver_def.filename_tensor_name}, without the {@code :0}. */
  public static final String FILENAME_TENSOR = "save/Const";
  /** {@code saver_def.save_tensor_name}, without the {@code :0}. */
  public static final String SAVE_TENSOR = "save/control_dependency";
  /** {@code saver_def.restore_op_name}. */
  public static final String RESTORE_OP = "save/restore_all";
  /** {@code tf.train.Saver}'s default {@code max_to_keep}. */
  public static final int MAX_TO_KEEP = 5;
  /** {@code tf.train.Saver}'s default {@code keep_checkpoint_every_n_hours}. */
  public static final float KEEP_CHECKPOINT_EVERY_N_HOURS = 10000.0f;

  private final List<SaveableObject> saveables;
  private final KeptCheckpoints kept = new KeptCheckpoints(MAX_TO_KEEP);

  private Saver(Tf1Scope root, List<? extends SaveableObject> variables) {
    saveables = validated(variables);
    Tf1Scope save = root.withSubScope("save");
    Output<TString> filename = filenameTensor(save);

    String[] names = names(saveables);
    String[] slices = slices(saveables);
    List<org.tensorflow.Operand<?>> tensors = new ArrayList<>();
    for (SaveableObject s : saveables) {
      tensors.add(s.saveTensor(save));
    }
    Tf1Scope saveV2 = save.withSubScope("SaveV2");
    Save saveOp = Save.create(saveV2.exact(), filename,
        Constant.vectorOf(saveV2.withName("tensor_names"), names),
        Constant.vectorOf(saveV2.withName("shape_and_slices"), slices), tensors);
    // control_flow_ops.with_dependencies([save], filename_tensor)
    Identity.create(
        save.withName("control_dependency").withControlDependencyOps(List.of(saveOp.op())),
        filename);

    NoOp.create(save.withName("restore_all")
        .withControlDependencyOps(restoreAssigns(save, filename, saveables)));
  }

  /**
   * {@code BaseSaverBuilder._ValidateAndSliceInputs}: the saveables sorted by name (Python
   * compares code points, as String does), no name twice.
   */
  static List<SaveableObject> validated(List<? extends SaveableObject> variables) {
    List<SaveableObject> sorted = new ArrayList<>(variables);
    sorted.sort(Comparator.comparing(SaveableObject::name));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
        throw new IllegalArgumentException(
            "At least two variables have the same name: " + sorted.get(i).name());
      }
    }
    return List.copyOf(sorted);
  }

  /**
   * {@code save/filename} (a {@code placeholder_with_default} of {@code "model"}) and {@code
   * save/Const} over it, the filename tensor: "Keep the name "Const" for backwards
   * compatibility."
   */
  static Output<TString> filenameTensor(Tf1Scope save) {
    Tf1Scope fn = save.withSubScope("filename");
    Output<TString> filenameDefault = PlaceholderWithDefault.create(fn.exact(),
        Constant.scalarOf(fn.withName("input"), "model"), Shape.scalar()).output();
    return PlaceholderWithDefault.create(save.withName("Const"), filenameDefault,
        Shape.scalar()).output();
  }

  /** The {@code tensor_names} of {@code SaveV2} and {@code RestoreV2}: each saveable's name. */
  static String[] names(List<SaveableObject> saveables) {
    return saveables.stream().map(SaveableObject::name).toArray(String[]::new);
  }

  /** Their {@code shape_and_slices}: empty, whole tensors. */
  static String[] slices(List<SaveableObject> saveables) {
    String[] slices = new String[saveables.size()];
    java.util.Arrays.fill(slices, "");
    return slices;
  }

  /**
   * {@code BulkSaverBuilder.bulk_restore} ({@code with ops.device("cpu:0"):
   * io_ops.restore_v2(...)}, as {@code save/RestoreV2}) and each saveable's {@code restore}: the
   * assign ops that {@code restore_all} (or a shard's {@code restore_shard}) groups.
   */
  static List<Operation> restoreAssigns(Tf1Scope save, Output<TString> filename,
      List<SaveableObject> saveables) {
    Tf1Scope restoreV2 = save.withDevice(DeviceSpec.newBuilder()
        .deviceType(DeviceSpec.DeviceType.CPU).deviceIndex(0).build()).withSubScope("RestoreV2");
    List<Class<? extends TType>> dtypes = new ArrayList<>();
    saveables.forEach(s -> dtypes.add(s.dtype()));
    Restore restored = Restore.create(restoreV2.exact(), filename,
        Constant.vectorOf(restoreV2.withName("tensor_names"), names(saveables)),
        Constant.vectorOf(restoreV2.withName("shape_and_slices"), slices(saveables)), dtypes);
    List<Operation> assigns = new ArrayList<>();
    for (int i = 0; i < saveables.size(); i++) {
      assigns.add(saveables.get(i).restore(save, restored.tensors().get(i)));
    }
    return assigns;
  }

  /**
   * {@code saver.saver_def} ({@code training/saver.py} lines 549-556 of TF 1.15): the tensor
   * names above with their {@code :0}, {@code max_to_keep} 5, {@code sharded} false, {@code
   * keep_checkpoint_every_n_hours} 10000.0 ({@code Saver.__init__}'s defaults, lines 685-686)
   * and {@code version} V2 ({@code write_version=saver_pb2.SaverDef.V2}).
   */
  public static final SaverDef SAVER_DEF = SaverDef.newBuilder()
      .setFilenameTensorName(FILENAME_TENSOR + ":0")
      .setSaveTensorName(SAVE_TENSOR + ":0")
      .setRestoreOpName(RESTORE_OP)
      .setMaxToKeep(MAX_TO_KEEP)
      .setSharded(false)
      .setKeepCheckpointEveryNHours(KEEP_CHECKPOINT_EVERY_N_HOURS)
      .setVersion(SaverDef.CheckpointFormatVersion.V2)
      .build();

  /** Adds {@code tf.train.Saver()} for {@code variables} ({@code tf.global_variables()}). */
  public static Saver build(Tf1Scope root, List<? extends SaveableObject> variables) {
    if (variables.isEmpty()) {
      throw new IllegalArgumentException("No variables to save");
    }
    return new Saver(root, variables);
  }

  /**
   * How a runtime runs the Saver's two graph targets, as {@code Saver.save} and {@code
   * Saver.restore} do with the {@code SaverDef}: {@code session.run(SAVE_TENSOR,
   * {FILENAME_TENSOR: checkpoint})} and {@code session.run(RESTORE_OP, {FILENAME_TENSOR:
   * prefix})}. A runtime's errors become {@link CheckpointException}s naming the checkpoint.
   */
  public interface Runner {
    /** Runs the save; returns the fetched save tensor (the checkpoint's prefix). */
    String save(String checkpoint);

    /** Runs {@code restore_all}. */
    void restore(String prefix);
  }

  /**
   * The {@link Runner} of a TensorFlow Java session holding a graph with {@code def}'s ops: the
   * save and the restore run by the {@code SaverDef}'s names, as {@code Saver.save} and {@code
   * Saver.restore} run them ({@code training/saver.py}).
   */
  public static Runner runner(Session session, SaverDef def) {
    return new Runner() {
      @Override
      public String save(String checkpoint) {
        try (TString name = TString.scalarOf(checkpoint);
            Result r = session.runner().feed(def.getFilenameTensorName(), name)
                .fetch(def.getSaveTensorName()).run()) {
          return ((TString) r.get(0)).getObject();
        } catch (TensorFlowException e) {
          throw new CheckpointException(checkpoint + ": cannot save ("
              + CheckpointException.firstLine(e) + ")", e);
        }
      }

      @Override
      public void restore(String prefix) {
        try (TString name = TString.scalarOf(prefix)) {
          session.runner().feed(def.getFilenameTensorName(), name)
              .addTarget(def.getRestoreOpName()).run().close();
        } catch (TensorFlowException e) {
          throw CheckpointException.reading(prefix, "restore", e);
        }
      }
    };
  }

  /** {@link #SAVER_DEF}: this Saver's names. */
  @Override
  public SaverDef saverDef() {
    return SAVER_DEF;
  }

  /** {@link #save(Runner, String, long)} in a TensorFlow Java session. */
  public String save(Session session, String savePath, long globalStep) {
    return save(runner(session), savePath, globalStep);
  }

  /** {@link #restore(Runner, String)} in a TensorFlow Java session. */
  public void restore(Session session, String savePath) {
    restore(runner(session), savePath);
  }

  /**
   * {@code saver.save(session, savePath, global_step=step, write_meta_graph=False)}: writes
   * {@code savePath-step}, records it among the last {@link #MAX_TO_KEEP} (deleting the
   * checkpoint that falls out) and writes the {@code checkpoint} state file beside it. Returns
   * the checkpoint's prefix.
   */
  @Override
  public String save(Runner runner, String savePath, long globalStep) {
    return kept.save(runner, savePath, globalStep, null);
  }

  /**
   * {@code saver.save(session, savePath, global_step=step)} ({@code saver.py} lines 1074-1208):
   * as {@link #save(Runner, String, long)}, then, unless {@code metaGraph} is null, {@code
   * export_meta_graph(meta_graph_filename(checkpoint_file))} (lines 1195-1203): the MetaGraphDef
   * written to {@code savePath-step.meta}, atomically.
   *
   * @throws CheckpointException naming the {@code .meta} file when it cannot be written
   */
  @Override
  public String save(Runner runner, String savePath, long globalStep, MetaGraphDef metaGraph) {
    return kept.save(runner, savePath, globalStep, metaGraph);
  }

  /**
   * {@code saver.restore(session, savePath)}: assigns every variable its value in the checkpoint.
   * The checkpoint is checked first against the variables (present, same dtype, same shape), so
   * that a mismatch names the variable; the runtime's own errors (TensorFlow's checksums) become
   * one line naming the checkpoint.
   */
  @Override
  public void restore(Runner runner, String savePath) {
    check(savePath);
    runner.restore(savePath);
  }

  /** Whether every saved variable is in checkpoint {@code savePath} with its dtype and shape. */
  public void check(String savePath) {
    check(saveables, savePath);
  }

  /** Whether every one of {@code saveables} is in checkpoint {@code savePath} as the graph has it. */
  static void check(List<SaveableObject> saveables, String savePath) {
    List<SavedTensor> saved = new ArrayList<>();
    for (SaveableObject s : saveables) {
      saved.add(new SavedTensor(s.name(), CheckpointReader.dtypeName(s.dtype()),
          s.shape().asArray()));
    }
    SavedTensor.check(savePath, saved);
  }
}
