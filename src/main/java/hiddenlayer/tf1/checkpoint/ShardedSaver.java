package hiddenlayer.tf1.checkpoint;

import hiddenlayer.tf1.SaveableObject;
import hiddenlayer.tf1.Tf1Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Identity;
import org.tensorflow.op.core.NoOp;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.io.ShardedFilename;
import org.tensorflow.op.strings.Join;
import org.tensorflow.op.train.MergeV2Checkpoints;
import org.tensorflow.op.train.Save;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.types.TString;

/**
 * {@code tf.train.Saver(var_list, sharded=True, write_version=SaverDef.V2, allow_empty=True)},
 * the Saver {@code SavedModelBuilder} makes for itself ({@code builder_impl.py},
 * {@code _maybe_create_saver}), for variables that all have one device (one shard).
 *
 * <p>Op for op as {@code BaseSaverBuilder._build_internal} builds it with {@code sharded=True}
 * ({@code training/saver.py}): {@code save/filename} and {@code save/Const} as for the
 * unsharded {@link Saver}; then {@code _AddShardedSaveOpsForV2}: {@code save/StringJoin}
 * (the prefix and {@code save/StringJoin/inputs_1} = {@code "_temp_<uuid4 hex>/part"}), {@code
 * save/num_shards}, and on {@code /device:CPU:0} ({@code set_cpu0} of the shard's device) {@code
 * save/ShardedFilename} (with {@code save/ShardedFilename/shard}), {@code save/SaveV2}, {@code
 * save/control_dependency}; under {@code control_dependencies} of that: {@code
 * save/MergeV2Checkpoints/checkpoint_prefixes} (the Pack of the shard prefixes) and {@code
 * save/MergeV2Checkpoints} ({@code delete_old_dirs=True}; dominated by its Pack input, so with no
 * control input of its own, {@code ops.Graph._control_dependencies_for_inputs}); then {@code
 * save/Identity} of the prefix after both (its name the next free one: a resource variable's
 * read took {@code save/Identity} and more before it). Restoring is {@code _AddShardedRestoreOps}: {@code
 * save/RestoreV2} and the assigns as in the unsharded Saver, grouped per shard as {@code
 * save/restore_shard}, and {@code save/restore_all} the group of the shards.
 */
public final class ShardedSaver {
  private final List<SaveableObject> saveables;
  private final Output<TString> saveTensor;

  private ShardedSaver(Tf1Scope root, List<? extends SaveableObject> variables, String tempSuffix) {
    saveables = Saver.validated(variables);
    Tf1Scope save = root.withSubScope("save");
    Output<TString> filename = Saver.filenameTensor(save);

    // _AddShardedSaveOpsForV2
    Tf1Scope join = save.withSubScope("StringJoin");
    Output<TString> tmpPrefix = Join.create(join.exact(),
        List.of(filename, Constant.scalarOf(join.withName("inputs_1"), tempSuffix))).output();
    Operand<org.tensorflow.types.TInt32> numShards =
        Constant.scalarOf(save.withName("num_shards"), 1);
    Tf1Scope cpu0 = save.withDevice(DeviceSpec.newBuilder()
        .deviceType(DeviceSpec.DeviceType.CPU).deviceIndex(0).build());
    Tf1Scope sharded = cpu0.withSubScope("ShardedFilename");
    Output<TString> shardPrefix = ShardedFilename.create(sharded.exact(), tmpPrefix,
        Constant.scalarOf(sharded.withName("shard"), 0), numShards).filename();

    String[] names = Saver.names(saveables);
    String[] slices = Saver.slices(saveables);
    List<Operand<?>> tensors = new ArrayList<>();
    for (SaveableObject s : saveables) {
      // spec.tensor, evaluated inside save_op under the shard's device: a resource variable's
      // read (save/Read/ReadVariableOp, save/Identity, save/Identity_1) lands on CPU:0 too
      tensors.add(s.saveTensor(cpu0));
    }
    Tf1Scope saveV2 = cpu0.withSubScope("SaveV2");
    Save saveOp = Save.create(saveV2.exact(), shardPrefix,
        Constant.vectorOf(saveV2.withName("tensor_names"), names),
        Constant.vectorOf(saveV2.withName("shape_and_slices"), slices), tensors);
    Output<TString> shardSaved = Identity.create(
        cpu0.withName("control_dependency").withControlDependencyOps(List.of(saveOp.op())),
        shardPrefix).output();

    Tf1Scope merge = cpu0.withSubScope("MergeV2Checkpoints");
    Output<TString> prefixes = Stack.create(merge.withName("checkpoint_prefixes")
        .withControlDependencyOps(List.of(shardSaved.op())), List.of(shardPrefix)).output();
    MergeV2Checkpoints merged = MergeV2Checkpoints.create(merge.exact(), prefixes, filename,
        MergeV2Checkpoints.deleteOldDirs(true));
    saveTensor = Identity.create(cpu0.withName("Identity")
        .withControlDependencyOps(List.of(shardSaved.op(), merged.op())), filename).output();

    // _AddShardedRestoreOps: one shard, on the shard's device (none)
    Operation shard = NoOp.create(save.withName("restore_shard")
        .withControlDependencyOps(Saver.restoreAssigns(save, filename, saveables))).op();
    NoOp.create(save.withName("restore_all").withControlDependencyOps(List.of(shard)));
  }

  /**
   * Adds the builder's Saver for {@code variables} ({@code variables._all_saveable_objects()});
   * its temporary shard directory is named, as Python names it, by a random UUID.
   */
  public static ShardedSaver build(Tf1Scope root, List<? extends SaveableObject> variables) {
    return build(root, variables, UUID.randomUUID());
  }

  /** As above with the UUID given ({@code "_temp_%s/part" % uuid.uuid4().hex}). */
  public static ShardedSaver build(Tf1Scope root, List<? extends SaveableObject> variables,
      UUID uuid) {
    return new ShardedSaver(root, variables,
        "_temp_" + uuid.toString().replace("-", "") + "/part");
  }

  /**
   * The {@code SaverDef} {@code Saver.as_saver_def()} gives for it: the three names (the save
   * tensor's as the graph named it) with
   * {@code :0} where they are tensors, {@code max_to_keep=5}, {@code sharded}, {@code
   * keep_checkpoint_every_n_hours=10000}, {@code V2}.
   */
  public SaverDef saverDef() {
    return SaverDef.newBuilder()
        .setFilenameTensorName(Saver.FILENAME_TENSOR + ":0")
        .setSaveTensorName(saveTensor.op().name() + ":0")
        .setRestoreOpName(Saver.RESTORE_OP)
        .setMaxToKeep(Saver.MAX_TO_KEEP)
        .setSharded(true)
        .setKeepCheckpointEveryNHours(Saver.KEEP_CHECKPOINT_EVERY_N_HOURS)
        .setVersion(SaverDef.CheckpointFormatVersion.V2)
        .build();
  }

  /**
   * {@code saver.save(sess, prefix, write_meta_graph=False, write_state=False)}: runs the save
   * tensor fed with {@code prefix}; no {@code checkpoint} state file is written.
   */
  public void save(Session session, String prefix) {
    Saver.runner(session, saverDef()).save(prefix); // the fetched prefix is the fed one
  }

  /**
   * {@code saver.restore(sess, prefix)}: runs {@code restore_all} fed with {@code prefix}, after
   * checking, as {@link Saver#restore} does, that the checkpoint holds every variable.
   */
  public void restore(Session session, String prefix) {
    Saver.check(saveables, prefix);
    Saver.runner(session, saverDef()).restore(prefix);
  }
}
