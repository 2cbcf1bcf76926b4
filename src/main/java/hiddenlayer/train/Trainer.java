package hiddenlayer.train;

import hiddenlayer.data.NotebookSplit;
import hiddenlayer.graph.NotebookGraph;
import hiddenlayer.tf1.Saver;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * Cell 5 of the notebook: one full-batch training step per epoch; every {@code evalEvery}
 * epochs the loss and accuracy of train, valid and test with {@code training = False}; the best
 * validation accuracy kept with a strict {@code <}; early stop when {@code best + patience <
 * epoch}.
 */
public final class Trainer {
  private Trainer() {}

  /** Hears about the run as it goes (progress, rows, outputs). */
  public interface Listener {
    default void onEpoch(int epoch) {}

    default void onEval(EvalRecord row) {}

    /** The graph this run trains, once built (e.g. to export its GraphDef). */
    default void onGraph(NotebookGraph graph) {}
  }

  /** Runs the notebook's training loop on {@code data}; every native resource is closed. */
  public static RunResult run(TrainConfig config, NotebookSplit data, Listener listener) {
    return run(config, () -> data, listener);
  }

  /**
   * As {@link #run(TrainConfig, NotebookSplit, Listener)}, asking for the data only once the
   * graph is built (so that it may still be loading meanwhile). The graph-build time then
   * includes any wait for the data.
   */
  public static RunResult run(TrainConfig config, java.util.function.Supplier<NotebookSplit> data,
      Listener listener) {
    return run(config, data, listener, CheckpointPlan.none());
  }

  /** As above, restoring and saving checkpoints as {@code checkpoints} says. */
  public static RunResult run(TrainConfig config, java.util.function.Supplier<NotebookSplit> data,
      Listener listener, CheckpointPlan checkpoints) {
    long start = System.nanoTime();
    if (config.gpu()) {
      Devices.requireGpu(sessionConfig(config));
    }
    try (NotebookGraph graph = NotebookGraph.build(graphConfig(config))) {
      Saver saver = checkpoints.any() ? graph.saver() : null; // saver = tf.train.Saver()
      try (Feeds feeds = new Feeds(data.get());
          Session session = new Session(graph.graph(), sessionConfig(config))) {
        long built = System.nanoTime();
        listener.onGraph(graph);
        session.initialize(); // session.run(tf.global_variables_initializer())
        int step = 0;
        if (checkpoints.restoreFrom() != null) {
          saver.restore(session, checkpoints.restoreFrom());
          step = CheckpointPlan.stepOf(checkpoints.restoreFrom());
        }
        if (checkpoints.saveTo() != null) {
          saver.save(session, checkpoints.saveTo(), step);
        }
        long initialized = System.nanoTime();
        return loop(config, graph, session, feeds, listener, ms(start, built),
            ms(built, initialized), step, saver, checkpoints);
      }
    }
  }

  /**
   * {@code saver.restore(session, prefix)} into the graph of {@code config}, then one
   * evaluation row ({@code training = False}) at the checkpoint's global step.
   */
  public static EvalRecord evaluateCheckpoint(TrainConfig config, NotebookSplit data,
      String prefix) {
    try (NotebookGraph graph = NotebookGraph.build(graphConfig(config))) {
      Saver saver = graph.saver();
      try (Feeds feeds = new Feeds(data);
          Session session = new Session(graph.graph(), sessionConfig(config))) {
        session.initialize();
        saver.restore(session, prefix);
        return evalRow(CheckpointPlan.stepOf(prefix), graph, session, feeds);
      }
    }
  }

  private static EvalRecord evalRow(int epoch, NotebookGraph g, Session session, Feeds feeds) {
    double[] train = evaluate(g, session, feeds.trainX, feeds.trainY, feeds.no);
    double[] valid = evaluate(g, session, feeds.validX, feeds.validY, feeds.no);
    double[] test = evaluate(g, session, feeds.testX, feeds.testY, feeds.no);
    return new EvalRecord(epoch, train[0], valid[0], test[0], train[1], valid[1], test[1]);
  }

  private static RunResult loop(TrainConfig config, NotebookGraph g, Session session,
      Feeds feeds, Listener listener, double buildMs, double initMs, int startStep, Saver saver,
      CheckpointPlan checkpoints) {
    List<EvalRecord> rows = new ArrayList<>();
    int maxValidEpoch = 0;
    double maxValidAccuracy = 0.0;
    double finalTestAccuracy = 0.0;
    long trainNanos = 0;
    long evalNanos = 0;
    int epoch = startStep + 1;
    int lastSaved = startStep;
    boolean stopped = false;
    for (; epoch <= config.epochs(); epoch++) {
      long t0 = System.nanoTime();
      trainStep(g, session, feeds);
      trainNanos += System.nanoTime() - t0;
      listener.onEpoch(epoch);

      if (epoch % config.evalEvery() == 0) {
        long t1 = System.nanoTime();
        EvalRecord row = evalRow(epoch, g, session, feeds);
        evalNanos += System.nanoTime() - t1;
        rows.add(row);
        listener.onEval(row);
        if (!(Double.isFinite(row.trainLoss()) && Double.isFinite(row.validLoss())
            && Double.isFinite(row.testLoss()))) {
          RunResult partial = new RunResult(rows, epoch, maxValidEpoch, maxValidAccuracy,
              finalTestAccuracy, timings(buildMs, initMs, trainNanos, evalNanos));
          throw new DivergenceException("the loss diverged at epoch " + epoch
              + " (train loss " + row.trainLoss() + "); try a smaller --lr than "
              + config.graph().learningRate(), partial);
        }
        if (maxValidAccuracy < row.validAccuracy()) {
          maxValidAccuracy = row.validAccuracy();
          maxValidEpoch = epoch;
          finalTestAccuracy = row.testAccuracy();
        }
      }
      if (checkpoints.saveTo() != null && checkpoints.saveEvery() > 0
          && epoch % checkpoints.saveEvery() == 0) {
        saver.save(session, checkpoints.saveTo(), epoch);
        lastSaved = epoch;
      }
      if (maxValidEpoch + config.patience() < epoch) { // Early Stop
        stopped = true;
        break;
      }
    }
    int stopEpoch = stopped ? epoch : Math.max(startStep, config.epochs());
    if (checkpoints.saveTo() != null && lastSaved != stopEpoch) {
      saver.save(session, checkpoints.saveTo(), stopEpoch); // after the last epoch that ran
    }
    return new RunResult(rows, stopEpoch, maxValidEpoch, maxValidAccuracy, finalTestAccuracy,
        timings(buildMs, initMs, trainNanos, evalNanos));
  }

  /** The graph a run of {@code config} builds: its graph settings, on its device. */
  private static hiddenlayer.graph.GraphConfig graphConfig(TrainConfig config) {
    return config.graph().withDevice(config.gpu() ? Devices.GPU : "");
  }

  /** {@code session.run(train_op, feed_dict={x: x_train, y: y_train, training: True})}. */
  static void trainStep(NotebookGraph g, Session session, Feeds feeds) {
    try (Result ignored = session.runner()
        .feed(g.x(), feeds.trainX).feed(g.y(), feeds.trainY).feed(g.training(), feeds.yes)
        .addTarget(g.trainOp()).run()) {
      // a target only: nothing is fetched
    }
  }

  /** {@code session.run([loss, accuracy], feed_dict={..., training: False})}. */
  static double[] evaluate(NotebookGraph g, Session session, TFloat32 x, TInt32 y,
      TBool training) {
    try (Result r = session.runner().feed(g.x(), x).feed(g.y(), y).feed(g.training(), training)
        .fetch(g.loss()).fetch(g.accuracy()).run()) {
      return new double[] {((TFloat32) r.get(0)).getFloat(), ((TFloat64) r.get(1)).getDouble()};
    }
  }

  /**
   * The notebook's {@code ConfigProto(gpu_options=GPUOptions(allow_growth=True))}, with this
   * run's threads. Every session a run opens uses it: TensorFlow sizes its process-wide thread
   * pools from the first session of the process.
   */
  public static ConfigProto sessionConfig(TrainConfig config) {
    ConfigProto.Builder b = ConfigProto.newBuilder()
        .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
    if (config.threads() > 0) {
      b.setIntraOpParallelismThreads(config.threads())
          .setInterOpParallelismThreads(config.threads());
    }
    // Experiments only (see BENCHMARKS.md): -Dhiddenlayer.intraOp=N, -Dhiddenlayer.interOp=N,
    // -Dhiddenlayer.grappler=off|l0 (neither grappler setting keeps the printed digits),
    // -Dhiddenlayer.staticGraph=true (experimental.optimize_for_static_graph: no gain).
    Integer intra = Integer.getInteger("hiddenlayer.intraOp");
    Integer inter = Integer.getInteger("hiddenlayer.interOp");
    if (intra != null) {
      b.setIntraOpParallelismThreads(intra);
    }
    if (inter != null) {
      b.setInterOpParallelismThreads(inter);
    }
    String grappler = System.getProperty("hiddenlayer.grappler", "");
    if (grappler.equals("off")) {
      b.setGraphOptions(org.tensorflow.proto.GraphOptions.newBuilder().setRewriteOptions(
          org.tensorflow.proto.RewriterConfig.newBuilder().setDisableMetaOptimizer(true)));
    } else if (grappler.equals("l0")) {
      b.setGraphOptions(org.tensorflow.proto.GraphOptions.newBuilder()
          .setOptimizerOptions(org.tensorflow.proto.OptimizerOptions.newBuilder()
              .setOptLevel(org.tensorflow.proto.OptimizerOptions.Level.L0))
          .setRewriteOptions(
          org.tensorflow.proto.RewriterConfig.newBuilder().setDisableMetaOptimizer(true)));
    }
    // Idle pool threads sleep at once instead of spinning: on 2 busy cores, spinning threads take
    // time from working ones (BENCHMARKS.md, experiment 11: train step -5%; the same digits).
    // -Dhiddenlayer.spin=true restores TensorFlow's default, for comparison.
    b.getExperimentalBuilder().setDisableThreadSpinning(!Boolean.getBoolean("hiddenlayer.spin"));
    if (Boolean.getBoolean("hiddenlayer.staticGraph")) {
      b.getExperimentalBuilder().setOptimizeForStaticGraph(true);
    }
    if (config.gpu()) {
      // Ops without a GPU kernel (int32 shapes, bool switches) stay on the CPU, as in TF1.
      b.setAllowSoftPlacement(true);
    }
    return b.build();
  }

  private static RunResult.Timings timings(double buildMs, double initMs, long trainNanos,
      long evalNanos) {
    return new RunResult.Timings(buildMs, initMs, trainNanos / 1e6, evalNanos / 1e6);
  }

  private static double ms(long from, long to) {
    return (to - from) / 1e6;
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

    private <T extends Tensor> T keep(T tensor) {
      all.add(tensor);
      return tensor;
    }

    private static TFloat32 images(float[] pixels) {
      int n = pixels.length / hiddenlayer.data.MnistData.PIXELS;
      return TFloat32.tensorOf(Shape.of(n, hiddenlayer.data.MnistData.PIXELS),
          DataBuffers.of(pixels, true, false));
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
