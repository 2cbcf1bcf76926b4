package hiddenlayer.train;

import hiddenlayer.data.MnistData;
import hiddenlayer.data.NotebookSplit;
import hiddenlayer.tf1.checkpoint.CheckpointSaver;
import hiddenlayer.tf1.checkpoint.Saver;
import hiddenlayer.tf115.Tf115GraphDef;
import hiddenlayer.tf115.Tf115Runtime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.OpList;

/**
 * A graph run by TF 1.15.0's own {@code tf.Session} in a child JVM ({@link Tf115Runtime}) by the
 * names of {@link LoopTensors}: the notebook's graph as built here, or a MetaGraphDef's, its
 * GraphDef stripped of the attributes TF 1.15 does not declare ({@link Tf115GraphDef}); the split
 * handed over once as raw tensors and fed by reference at every step.
 */
final class Tf115Session implements TrainSession {
  private final AutoCloseable owner;
  private final Tf115Runtime runtime;
  private final CheckpointSaver saver;
  /** What {@code PREFIX-N.meta} holds, given TF 1.15's registered ops. */
  private final Function<OpList, MetaGraphDef> metaGraph;
  private final GraphDef imported;
  private final List<String> initializers;
  private final LoopTensors names;
  /** {@code feed_dict={x: x_train, y: y_train, training: True}}. */
  private final List<Tf115Runtime.Feed> trainFeeds;
  /** Per part, {@code feed_dict={x: ..., y: ..., training: False}}. */
  private final Map<Part, List<Tf115Runtime.Feed>> evalFeeds = new EnumMap<>(Part.class);
  /** Per part, {@code feed_dict={x: ..., y: ..., training: True}}. */
  private final Map<Part, List<Tf115Runtime.Feed>> trainingFeeds = new EnumMap<>(Part.class);
  private final String trainOp;
  private final List<String> lossAndAccuracy;

  /**
   * Takes ownership of {@code owner} (the graph built here, or nothing to close) and {@code
   * runtime} (already starting), closing both if the session cannot be made. {@code saver} may
   * be null when no checkpoint is used; {@code metaGraph} gives the MetaGraphDef written beside
   * each checkpoint.
   */
  Tf115Session(GraphDef graph, AutoCloseable owner, Tf115Runtime runtime, LoopTensors names,
      CheckpointSaver saver, Function<OpList, MetaGraphDef> metaGraph, NotebookSplit data,
      TrainConfig config) {
    this.owner = owner;
    this.runtime = runtime;
    this.saver = saver;
    this.metaGraph = metaGraph;
    this.names = names;
    try {
      if (!runtime.version().equals(Tf115Runtime.VERSION)) {
        throw hiddenlayer.tf115.Tf115Exception.wrongVersion(runtime.version());
      }
      imported = Tf115GraphDef.forTf115(graph, runtime.registeredOpList());
      initializers = names.initializers(); // tf.global_variables_initializer()
      trainOp = names.trainOp();
      lossAndAccuracy = List.of(names.loss(), names.accuracy());
      runtime.session(imported, Trainer.sessionConfig(config));
      trainFeeds = handOver(data);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** Hands the split over once; returns the train step's feeds, fills {@link #evalFeeds}. */
  private List<Tf115Runtime.Feed> handOver(NotebookSplit d) {
    Tf115Runtime.TensorRef trainX = images(d.trainImages());
    Tf115Runtime.TensorRef trainY = labels(d.trainLabels());
    Tf115Runtime.TensorRef validX = images(d.validImages());
    Tf115Runtime.TensorRef validY = labels(d.validLabels());
    Tf115Runtime.TensorRef testX = images(d.testImages());
    Tf115Runtime.TensorRef testY = labels(d.testLabels());
    Tf115Runtime.TensorRef yes = runtime.bool(true);
    Tf115Runtime.TensorRef no = runtime.bool(false);
    evalFeeds.put(Part.TRAIN, feeds(trainX, trainY, no));
    evalFeeds.put(Part.VALID, feeds(validX, validY, no));
    evalFeeds.put(Part.TEST, feeds(testX, testY, no));
    trainingFeeds.put(Part.TRAIN, feeds(trainX, trainY, yes));
    trainingFeeds.put(Part.VALID, feeds(validX, validY, yes));
    trainingFeeds.put(Part.TEST, feeds(testX, testY, yes));
    return trainingFeeds.get(Part.TRAIN);
  }

  private List<Tf115Runtime.Feed> feeds(Tf115Runtime.TensorRef images,
      Tf115Runtime.TensorRef labels, Tf115Runtime.TensorRef training) {
    return List.of(feed(names.x(), images), feed(names.y(), labels),
        feed(names.training(), training));
  }

  private Tf115Runtime.TensorRef images(float[] pixels) {
    return runtime.floats(new long[] {pixels.length / MnistData.PIXELS, MnistData.PIXELS},
        pixels);
  }

  private Tf115Runtime.TensorRef labels(int[] labels) {
    return runtime.ints(new long[] {labels.length}, labels);
  }

  /** The GraphDef TF 1.15 imported. */
  GraphDef imported() {
    return imported;
  }

  @Override
  public void initialize() {
    runtime.run(List.of(), List.of(), initializers);
  }

  @Override
  public void trainStep() {
    runtime.run(trainFeeds, List.of(), List.of(trainOp));
  }

  @Override
  public Evaluation evaluate(Part part) {
    List<Tf115Runtime.Fetched> r = runtime.run(evalFeeds.get(part), lossAndAccuracy, List.of());
    try {
      return new Evaluation(r.get(0).floatValue(), r.get(1).doubleValue());
    } catch (IllegalStateException e) { // a file's graph fetched by --tensors names
      throw new hiddenlayer.tf115.Tf115Exception("the loss (" + names.loss()
          + ") must be a float32 scalar and the accuracy (" + names.accuracy()
          + ") a float64 scalar, as in the notebook: " + e.getMessage(), e);
    }
  }

  @Override
  public List<byte[]> fetchBytes(Part part, boolean training, List<String> outputs) {
    List<byte[]> values = new ArrayList<>();
    for (Tf115Runtime.Fetched f : runtime.run(
        (training ? trainingFeeds : evalFeeds).get(part), outputs, List.of())) {
      values.add(f.data());
    }
    return values;
  }

  /** Each fed value handed over to the child, fed by name, and freed after the run. */
  @Override
  public List<RawTensor> fetchFed(Part part, boolean training, Map<String, RawTensor> fed,
      List<String> outputs) {
    List<Tf115Runtime.Feed> feeds = new ArrayList<>(
        (training ? trainingFeeds : evalFeeds).get(part));
    List<Tf115Runtime.TensorRef> handed = new ArrayList<>();
    try {
      for (Map.Entry<String, RawTensor> e : fed.entrySet()) {
        Tf115Runtime.TensorRef ref = runtime.floatBytes(e.getValue().float64(),
            e.getValue().shape(), e.getValue().bytes());
        handed.add(ref);
        feeds.add(new Tf115Runtime.Feed(e.getKey(), ref));
      }
      List<RawTensor> values = new ArrayList<>();
      for (Tf115Runtime.Fetched f : runtime.run(feeds, outputs, List.of())) {
        values.add(new RawTensor(f.dtype() == hiddenlayer.tf115.wire.Tf115Protocol.DT_DOUBLE,
            f.shape(), f.data()));
      }
      return values;
    } finally {
      handed.forEach(runtime::free);
    }
  }

  /**
   * Through the graph's Saver, whose save/ ops are in the imported graph; {@code PREFIX-N.meta}
   * holds the graph TF 1.15 imported, its OpDefs from TF 1.15's registry (or the file's
   * MetaGraphDef as it was read).
   */
  @Override
  public String save(String savePath, long globalStep) {
    return saver.save(saverRunner(), savePath, globalStep,
        metaGraph.apply(runtime.registeredOpList()));
  }

  @Override
  public void restore(String prefix) {
    saver.restore(saverRunner(), prefix);
  }

  /** {@code Saver.save} / {@code restore}'s session.run, the file name fed to save/Const. */
  private Saver.Runner saverRunner() {
    return new Saver.Runner() {
      @Override
      public String save(String checkpoint) {
        return run(checkpoint, "save", List.of(saver.saverDef().getSaveTensorName()), List.of())
            .get(0).stringValue();
      }

      @Override
      public void restore(String prefix) {
        run(prefix, "restore", List.of(), List.of(saver.saverDef().getRestoreOpName()));
      }
    };
  }

  private List<Tf115Runtime.Fetched> run(String checkpoint, String action,
      List<String> fetches, List<String> targets) {
    Tf115Runtime.TensorRef name = runtime.string(checkpoint);
    try {
      return runtime.run(List.of(feed(saver.saverDef().getFilenameTensorName(), name)), fetches,
          targets);
    } catch (hiddenlayer.tf115.Tf115Exception e) {
      throw new hiddenlayer.tf1.checkpoint.CheckpointException(checkpoint + ": cannot " + action
          + " on TF 1.15 (" + e.getMessage() + ")", e);
    } finally {
      runtime.free(name);
    }
  }

  private static Tf115Runtime.Feed feed(String name, Tf115Runtime.TensorRef ref) {
    return new Tf115Runtime.Feed(name, ref);
  }

  @Override
  public void close() {
    try {
      runtime.close();
    } finally {
      try {
        owner.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
