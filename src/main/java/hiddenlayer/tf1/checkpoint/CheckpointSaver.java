package hiddenlayer.tf1.checkpoint;

import org.tensorflow.proto.SaverDef;

/**
 * A {@code tf.train.Saver} as a training loop uses it, whether it built its ops ({@link Saver})
 * or found them in an imported graph ({@link ImportedSaver}): the {@code SaverDef} naming the
 * graph's filename tensor, save tensor and restore op, by which any runtime runs them, and
 * {@code saver.save} / {@code saver.restore} through a {@link Saver.Runner} of that runtime.
 */
public interface CheckpointSaver {
  /** {@code saver.saver_def}: the names a runtime feeds, fetches and runs. */
  SaverDef saverDef();

  /**
   * {@code saver.save(session, savePath, global_step=step, write_meta_graph=False)}; returns the
   * checkpoint's prefix.
   */
  default String save(Saver.Runner runner, String savePath, long globalStep) {
    return save(runner, savePath, globalStep, null);
  }

  /**
   * {@code saver.save(session, savePath, global_step=step)}, {@code metaGraph} (unless null)
   * written to {@code savePath-step.meta}; returns the checkpoint's prefix.
   */
  String save(Saver.Runner runner, String savePath, long globalStep,
      org.tensorflow.proto.MetaGraphDef metaGraph);

  /** {@code saver.restore(session, prefix)}, the checkpoint checked against the graph first. */
  void restore(Saver.Runner runner, String prefix);

  /**
   * The {@link Saver.Runner} of a TensorFlow Java session holding the Saver's graph: by the
   * {@link #saverDef()}'s names.
   */
  default Saver.Runner runner(org.tensorflow.Session session) {
    return Saver.runner(session, saverDef());
  }
}
