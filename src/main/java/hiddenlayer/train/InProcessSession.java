package hiddenlayer.train;

import hiddenlayer.data.MnistData;
import hiddenlayer.data.NotebookSplit;
import hiddenlayer.graph.NotebookGraph;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * The notebook's graph in a TensorFlow Java 1.1.0 (TF 2.18) session in this JVM, with the split
 * as tensors created once and fed at every step. Owns the graph, the tensors and the session.
 */
final class InProcessSession implements TrainSession {
  private final NotebookGraph graph;
  private final Feeds feeds;
  private final Session session;

  /** Takes ownership of {@code graph}, closing it if the session cannot be made. */
  InProcessSession(NotebookGraph graph, NotebookSplit data, TrainConfig config) {
    Feeds f = null;
    try {
      f = new Feeds(data);
      session = new Session(graph.graph(), Trainer.sessionConfig(config));
    } catch (RuntimeException | Error e) {
      if (f != null) {
        f.close();
      }
      graph.close();
      throw e;
    }
    this.graph = graph;
    this.feeds = f;
  }

  @Override
  public NotebookGraph graph() {
    return graph;
  }

  Session session() {
    return session;
  }

  Feeds feeds() {
    return feeds;
  }

  @Override
  public void initialize() {
    graph.initialize(session); // session.run(tf.global_variables_initializer())
  }

  /** {@code session.run(train_op, feed_dict={x: x_train, y: y_train, training: True})}. */
  @Override
  public void trainStep() {
    try (Result ignored = trainStepRunner().run()) {
      // a target only: nothing is fetched
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
        .feed(graph.x(), feeds.trainX).feed(graph.y(), feeds.trainY)
        .feed(graph.training(), feeds.yes)
        .addTarget(graph.trainOp());
  }

  /** {@code session.run([loss, accuracy], feed_dict={..., training: False})}. */
  @Override
  public Evaluation evaluate(Part part) {
    TFloat32 x = feeds.x(part);
    TInt32 y = feeds.y(part);
    try (Result r = session.runner().feed(graph.x(), x).feed(graph.y(), y)
        .feed(graph.training(), feeds.no)
        .fetch(graph.loss()).fetch(graph.accuracy()).run()) {
      return new Evaluation(((TFloat32) r.get(0)).getFloat(), ((TFloat64) r.get(1)).getDouble());
    }
  }

  @Override
  public List<byte[]> fetchBytes(Part part, boolean training, List<String> outputs) {
    Session.Runner r = session.runner().feed(graph.x(), feeds.x(part))
        .feed(graph.y(), feeds.y(part)).feed(graph.training(), training ? feeds.yes : feeds.no);
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

  /** Through the graph's Saver (built by then: it extends the graph). */
  @Override
  public String save(String savePath, long globalStep) {
    return graph.saver().save(session, savePath, globalStep);
  }

  @Override
  public void restore(String prefix) {
    graph.saver().restore(session, prefix);
  }

  @Override
  public void close() {
    session.close();
    feeds.close();
    graph.close();
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
