package hiddenlayer.train;

import hiddenlayer.data.MnistData;
import hiddenlayer.data.NotebookSplit;
import hiddenlayer.tf1.checkpoint.CheckpointSaver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.tensorflow.Graph;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * A graph in a TensorFlow Java 1.1.0 (TF 2.18) session in this JVM, run by the names of {@link
 * LoopTensors} (resolved once, here), with the split as tensors created once and fed at every
 * step: the notebook's graph as built here, or a MetaGraphDef's imported into a fresh graph.
 * Owns the graph (through {@code owner}), the tensors and the session.
 */
final class InProcessSession implements TrainSession {
  private final AutoCloseable owner;
  private final Feeds feeds;
  private final Session session;
  private final CheckpointSaver saver;
  /** What {@code PREFIX-N.meta} holds. */
  private final Supplier<MetaGraphDef> metaGraph;
  /** The file the graph came from, to name in a failure; null for the notebook's graph. */
  private final java.nio.file.Path source;
  private final Output<?> x;
  private final Output<?> y;
  private final Output<?> training;
  private final Output<?> loss;
  private final Output<?> accuracy;
  private final Operation trainOp;
  private final List<Operation> initializers = new ArrayList<>();

  /**
   * Takes ownership of {@code owner} (which closes {@code graph}), closing it if the session
   * cannot be made. {@code saver} may be null when no checkpoint is used; {@code metaGraph}
   * gives the MetaGraphDef written beside each checkpoint.
   */
  InProcessSession(Graph graph, AutoCloseable owner, LoopTensors names, CheckpointSaver saver,
      Supplier<MetaGraphDef> metaGraph, java.nio.file.Path source, NotebookSplit data,
      TrainConfig config) {
    Feeds f = null;
    try {
      x = graph.output(names.x());
      y = graph.output(names.y());
      training = graph.output(names.training());
      loss = graph.output(names.loss());
      accuracy = graph.output(names.accuracy());
      trainOp = graph.operationOrThrow(names.trainOp());
      names.initializers().forEach(n -> initializers.add(graph.operationOrThrow(n)));
      f = new Feeds(data);
      session = new Session(graph, Trainer.sessionConfig(config));
    } catch (RuntimeException | Error e) {
      if (f != null) {
        f.close();
      }
      closeQuietly(owner, e);
      throw e;
    }
    this.owner = owner;
    this.feeds = f;
    this.saver = saver;
    this.metaGraph = metaGraph;
    this.source = source;
  }

  private static void closeQuietly(AutoCloseable owner, Throwable failure) {
    try {
      owner.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  Session session() {
    return session;
  }

  Feeds feeds() {
    return feeds;
  }

  /** {@code session.run(tf.global_variables_initializer())}: every initializer, one run. */
  @Override
  public void initialize() {
    Session.Runner r = session.runner();
    initializers.forEach(r::addTarget);
    try {
      r.run().close();
    } catch (TensorFlowException e) {
      throw failed("initialising the variables", e);
    }
  }

  /** {@code session.run(train_op, feed_dict={x: x_train, y: y_train, training: True})}. */
  @Override
  public void trainStep() {
    try (Result ignored = trainStepRunner().run()) {
      // a target only: nothing is fetched
    } catch (TensorFlowException e) {
      throw failed("a train step", e);
    }
  }

  /** One train step as {@link #trainStep}, traced: its FULL_TRACE run metadata (step stats). */
  RunMetadata tracedTrainStep() {
    RunOptions options = RunOptions.newBuilder()
        .setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
    try (Result r = trainStepRunner().setOptions(options).runAndFetchMetadata()) {
      return r.getMetadata().orElseThrow();
    }
  }

  private Session.Runner trainStepRunner() {
    return session.runner()
        .feed(x, feeds.trainX).feed(y, feeds.trainY)
        .feed(training, feeds.yes)
        .addTarget(trainOp);
  }

  /** {@code session.run([loss, accuracy], feed_dict={..., training: False})}. */
  @Override
  public Evaluation evaluate(Part part) {
    try (Result r = session.runner().feed(x, feeds.x(part)).feed(y, feeds.y(part))
        .feed(training, feeds.no)
        .fetch(loss).fetch(accuracy).run()) {
      if (source != null) {
        requireScalar(r.get(0), TFloat32.class, LoopTensors.Role.LOSS);
        requireScalar(r.get(1), TFloat64.class, LoopTensors.Role.ACCURACY);
      }
      return new Evaluation(((TFloat32) r.get(0)).getFloat(), ((TFloat64) r.get(1)).getDouble());
    } catch (TensorFlowException e) {
      throw failed("an evaluation", e);
    }
  }

  /** A file's loss or accuracy of another dtype or shape than the notebook's is refused. */
  private void requireScalar(Tensor t, Class<?> type, LoopTensors.Role role) {
    if (!type.isInstance(t) || t.shape().numDimensions() != 0) {
      throw MetaGraphRunException.failed(source, role.key() + " is not a "
          + (type == TFloat32.class ? "float32" : "float64") + " scalar as in the notebook",
          t.dataType() + " of shape " + t.shape(), null);
    }
  }

  /**
   * A TensorFlow error running a file's graph as one line naming the file; the notebook's
   * graph's own errors are bugs and pass unchanged.
   */
  private RuntimeException failed(String what, TensorFlowException e) {
    if (source == null) {
      return e;
    }
    String m = String.valueOf(e.getMessage()).strip();
    int nl = m.indexOf('\n');
    return MetaGraphRunException.failed(source, what + " failed on TF 2.18",
        nl < 0 ? m : m.substring(0, nl).strip(), e);
  }

  @Override
  public List<byte[]> fetchBytes(Part part, boolean training, List<String> outputs) {
    Session.Runner r = session.runner().feed(x, feeds.x(part))
        .feed(y, feeds.y(part)).feed(this.training, training ? feeds.yes : feeds.no);
    outputs.forEach(r::fetch);
    List<byte[]> values = new ArrayList<>();
    try (Result result = r.run()) {
      for (int i = 0; i < outputs.size(); i++) {
        org.tensorflow.ndarray.buffer.ByteDataBuffer data = result.get(i).asRawTensor().data();
        byte[] b = new byte[Math.toIntExact(data.size())];
        data.read(b);
        values.add(b);
      }
    }
    return values;
  }

  @Override
  public List<RawTensor> fetchFed(Part part, boolean training, java.util.Map<String, RawTensor> fed,
      List<String> outputs) {
    Session.Runner r = session.runner().feed(x, feeds.x(part))
        .feed(y, feeds.y(part)).feed(this.training, training ? feeds.yes : feeds.no);
    List<Tensor> owned = new ArrayList<>();
    try {
      for (java.util.Map.Entry<String, RawTensor> e : fed.entrySet()) {
        RawTensor v = e.getValue();
        org.tensorflow.ndarray.buffer.ByteDataBuffer data = DataBuffers.of(v.bytes(), true, false);
        Tensor t = v.float64() ? Tensor.of(TFloat64.class, Shape.of(v.shape()), data)
            : Tensor.of(TFloat32.class, Shape.of(v.shape()), data);
        owned.add(t);
        r.feed(e.getKey(), t);
      }
      outputs.forEach(r::fetch);
      List<RawTensor> values = new ArrayList<>();
      try (Result result = r.run()) {
        for (int i = 0; i < outputs.size(); i++) {
          Tensor t = result.get(i);
          org.tensorflow.ndarray.buffer.ByteDataBuffer data = t.asRawTensor().data();
          byte[] b = new byte[Math.toIntExact(data.size())];
          data.read(b);
          values.add(new RawTensor(t.dataType() == org.tensorflow.proto.DataType.DT_DOUBLE,
              t.shape().asArray(), b));
        }
      }
      return values;
    } finally {
      owned.forEach(Tensor::close);
    }
  }

  /**
   * Through the graph's Saver (built by then: it extends the graph), with {@code PREFIX-N.meta}:
   * the notebook's graph as TF 1.15 reads it ({@code NotebookGraph.metaGraphDef()}), or the
   * file's MetaGraphDef as it was read.
   */
  @Override
  public String save(String savePath, long globalStep) {
    return saver.save(saver.runner(session), savePath, globalStep, metaGraph.get());
  }

  @Override
  public void restore(String prefix) {
    saver.restore(saver.runner(session), prefix);
  }

  @Override
  public void close() {
    session.close();
    feeds.close();
    try {
      owner.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The split as tensors, created once and fed at every step. */
  static final class Feeds implements AutoCloseable {
    final TFloat32 trainX;
    final TInt32 trainY;
    final TFloat32 validX;
    final TInt32 validY;
    final TFloat32 testX;
    final TInt32 testY;
    final TBool yes;
    final TBool no;
    private final List<Tensor> all = new ArrayList<>();

    Feeds(NotebookSplit d) {
      try {
        trainX = keep(images(d.trainImages()));
        trainY = keep(labels(d.trainLabels()));
        validX = keep(images(d.validImages()));
        validY = keep(labels(d.validLabels()));
        testX = keep(images(d.testImages()));
        testY = keep(labels(d.testLabels()));
        yes = keep(TBool.scalarOf(true));
        no = keep(TBool.scalarOf(false));
      } catch (RuntimeException | Error e) {
        close();
        throw e;
      }
    }

    TFloat32 x(Part part) {
      return switch (part) {
        case TRAIN -> trainX;
        case VALID -> validX;
        case TEST -> testX;
      };
    }

    TInt32 y(Part part) {
      return switch (part) {
        case TRAIN -> trainY;
        case VALID -> validY;
        case TEST -> testY;
      };
    }

    private <T extends Tensor> T keep(T tensor) {
      all.add(tensor);
      return tensor;
    }

    private static TFloat32 images(float[] pixels) {
      int n = pixels.length / MnistData.PIXELS;
      return TFloat32.tensorOf(Shape.of(n, MnistData.PIXELS), DataBuffers.of(pixels, true, false));
    }

    private static TInt32 labels(int[] labels) {
      return TInt32.tensorOf(Shape.of(labels.length), DataBuffers.of(labels, true, false));
    }

    @Override
    public void close() {
      all.forEach(Tensor::close);
    }
  }
}
