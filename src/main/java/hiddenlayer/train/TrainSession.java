package hiddenlayer.train;

/**
 * What cell 5's loop asks of a {@code tf.Session} holding the notebook's graph (or a graph a
 * MetaGraphDef file holds) and fed with its split: {@code session.run(tf.global_variables_initializer())}, {@code session.run(train_op,
 * feed_dict={..., training: True})}, {@code session.run([loss, accuracy], feed_dict={...,
 * training: False})} for one part of the split, {@code saver.save} and {@code saver.restore}
 * (with the graph's {@code tf.train.Saver}, {@code tf1.checkpoint.Saver}), and {@code
 * session.close()}. The loop (early stop, rows, outputs) is written once against this, whichever
 * TensorFlow runs the graph.
 */
public interface TrainSession extends AutoCloseable {
  /** A part of the notebook's split, fed as {@code x}, {@code y}. */
  enum Part { TRAIN, VALID, TEST }

  /** The fetched {@code loss} (float32, widened) and {@code accuracy} (float64). */
  record Evaluation(double loss, double accuracy) {}

  /** Runs the variables' initializers, once, before the first step. */
  void initialize();

  /** One full-batch training step on the train part, {@code training = True}. */
  void trainStep();

  /** The loss and accuracy of {@code part} with {@code training = False}. */
  Evaluation evaluate(Part part);

  /**
   * {@code session.run(outputs, feed_dict={x: ..., y: ..., training: training})} on {@code
   * part}, no target: each output's raw bytes (little-endian, row-major, as TF stores them).
   * Outputs are {@code name:index}; a diagnosis of the kernels ({@link StepTensors}).
   */
  java.util.List<byte[]> fetchBytes(Part part, boolean training, java.util.List<String> outputs);

  /** A float tensor's value: float64 or float32, its shape and its raw bytes (as TF stores them). */
  record RawTensor(boolean float64, long[] shape, byte[] bytes) {}

  /**
   * {@link #fetchBytes}, with {@code feeds} (outputs {@code name:index} fed by value, as {@code
   * feed_dict} feeds any tensor) and each output's shape: to run one op on given inputs.
   *
   * @throws UnsupportedOperationException on a runtime that cannot feed tensors by name
   */
  default java.util.List<RawTensor> fetchFed(Part part, boolean training,
      java.util.Map<String, RawTensor> feeds, java.util.List<String> outputs) {
    throw new UnsupportedOperationException("feeding tensors by name");
  }

  /**
   * {@code saver.save(session, savePath, global_step=step)}: writes {@code savePath-step} and the
   * {@code checkpoint} state file; returns the checkpoint's prefix.
   */
  String save(String savePath, long globalStep);

  /** {@code saver.restore(session, prefix)}: every global variable from the checkpoint. */
  void restore(String prefix);

  /** Frees the session, the graph and the fed tensors. */
  @Override
  void close();
}
