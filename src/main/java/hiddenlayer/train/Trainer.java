package hiddenlayer.train;

import hiddenlayer.data.NotebookSplit;
import hiddenlayer.graph.NotebookGraph;
import hiddenlayer.tf1.checkpoint.CheckpointSaver;
import hiddenlayer.tf115.Tf115Exception;
import hiddenlayer.tf115.Tf115Runtime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.tensorflow.Graph;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphDef;

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

    /**
     * The notebook's graph this run trains, once built (e.g. to export its GraphDef). Not called
     * for a MetaGraphDef's graph, which {@link #onGraphDef} gives.
     */
    default void onGraph(NotebookGraph graph) {}

    /**
     * The GraphDef a runtime imported, when it is not {@link #onGraph}'s graph as built here: TF
     * 1.15's, without the attributes it does not declare; or a MetaGraphDef file's, as TF 2.18
     * imports it.
     */
    default void onGraphDef(GraphDef imported) {}
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
  public static RunResult run(TrainConfig config, Supplier<NotebookSplit> data,
      Listener listener) {
    return run(config, data, listener, CheckpointPlan.none());
  }

  /** As above, restoring and saving checkpoints as {@code checkpoints} says. */
  public static RunResult run(TrainConfig config, Supplier<NotebookSplit> data,
      Listener listener, CheckpointPlan checkpoints) {
    long start = System.nanoTime();
    try (TrainSession session = open(config, data, listener, checkpoints)) {
      long built = System.nanoTime();
      session.initialize(); // session.run(tf.global_variables_initializer())
      int step = 0;
      if (checkpoints.restoreFrom() != null) {
        session.restore(checkpoints.restoreFrom()); // saver.restore(session, PREFIX)
        step = CheckpointPlan.stepOf(checkpoints.restoreFrom());
      }
      if (checkpoints.saveTo() != null) {
        session.save(checkpoints.saveTo(), step); // saver.save(session, PREFIX, global_step=0)
      }
      long initialized = System.nanoTime();
      return loop(config, session, listener, ms(start, built), ms(built, initialized), step,
          checkpoints);
    }
  }

  /**
   * {@code saver.restore(session, prefix)} into the graph of {@code config}, then one
   * evaluation row ({@code training = False}) at the checkpoint's global step.
   */
  public static EvalRecord evaluateCheckpoint(TrainConfig config, NotebookSplit data,
      String prefix) {
    CheckpointPlan restore = new CheckpointPlan(prefix, null, 0);
    try (TrainSession session = open(config, () -> data, new Listener() {}, restore)) {
      session.initialize();
      session.restore(prefix);
      return evalRow(CheckpointPlan.stepOf(prefix), session);
    }
  }

  /**
   * The notebook's graph, built for {@code config}, in a session of its runtime fed with {@code
   * data}. TF 1.15's child JVM starts first, so that it loads while the graph is built.
   */
  static TrainSession open(TrainConfig config, Supplier<NotebookSplit> data, Listener listener) {
    return open(config, data, listener, CheckpointPlan.none());
  }

  /** As above, with {@code saver = tf.train.Saver()} after cell 4 when checkpoints are used. */
  static TrainSession open(TrainConfig config, Supplier<NotebookSplit> data, Listener listener,
      CheckpointPlan checkpoints) {
    if (config.gpu()) {
      Devices.requireGpu(sessionConfig(config));
    }
    if (config.metaGraph() != null) {
      return openMetaGraph(config, data, listener, checkpoints);
    }
    Tf115Runtime tf115 = config.runtime() == TfRuntime.TF1 ? Tf115Runtime.start() : null;
    NotebookGraph graph = null;
    NotebookSplit split;
    try {
      graph = NotebookGraph.build(graphConfig(config));
      if (checkpoints.any()) {
        graph.saver();
      }
      split = data.get();
      listener.onGraph(graph);
    } catch (RuntimeException | Error e) {
      if (graph != null) {
        graph.close();
      }
      if (tf115 != null) {
        tf115.close();
      }
      throw e;
    }
    LoopTensors names = notebookTensors(graph);
    CheckpointSaver saver = checkpoints.any() ? graph.saver() : null;
    if (tf115 == null) {
      return new InProcessSession(graph.graph(), graph, names, saver, graph::metaGraphDef, null,
          split, config);
    }
    Tf115Session session = new Tf115Session(graph.graph().toGraphDef(), graph, tf115, names,
        saver, graph::metaGraphDef, split, config);
    return announce(session, listener);
  }

  /**
   * A MetaGraphDef's graph in a session of the config's runtime: on TF 2.18 imported into a fresh
   * graph ({@code tf.train.import_meta_graph}), on TF 1.15 handed to the child as it is; its
   * Saver the file's {@code saver_def}.
   */
  private static TrainSession openMetaGraph(TrainConfig config, Supplier<NotebookSplit> data,
      Listener listener, CheckpointPlan checkpoints) {
    MetaGraphModel model = config.metaGraph();
    CheckpointSaver saver = checkpoints.any() ? model.saver() : null;
    Tf115Runtime tf115 = config.runtime() == TfRuntime.TF1 ? Tf115Runtime.start() : null;
    if (tf115 != null) {
      NotebookSplit split;
      try {
        split = data.get();
      } catch (RuntimeException | Error e) {
        tf115.close();
        throw e;
      }
      Tf115Session session;
      try {
        session = new Tf115Session(model.graphDef(), () -> { }, tf115, model.tensors(), saver,
            ops -> model.meta().metaGraphDef(), split, config);
      } catch (Tf115Exception e) {
        if (e.kind() != Tf115Exception.Kind.FAILED) {
          throw e;
        }
        throw MetaGraphRunException.failed(model.file(), "TF 1.15 cannot run its graph",
            e.getMessage(), e);
      }
      return announce(session, listener);
    }
    RegisteredOps.check(model.file(), model.graphDef());
    Graph graph = new Graph();
    NotebookSplit split;
    try {
      graph.importGraphDef(model.graphDef());
      split = data.get();
      listener.onGraphDef(model.graphDef());
    } catch (TensorFlowException e) {
      graph.close();
      throw importFailed(model, e);
    } catch (RuntimeException | Error e) {
      graph.close();
      throw e;
    }
    return new InProcessSession(graph, graph, model.tensors(), saver, model.meta()::metaGraphDef, model.file(),
        split, config);
  }

  /** TF's import error (an op or attribute it does not know, naming the node) in one line. */
  private static MetaGraphRunException importFailed(MetaGraphModel model, TensorFlowException e) {
    String m = String.valueOf(e.getMessage()).strip();
    int nl = m.indexOf('\n');
    return MetaGraphRunException.failed(model.file(), "TF 2.18 cannot import its graph",
        nl < 0 ? m : m.substring(0, nl).strip(), e);
  }

  /** Tells {@code listener} what TF 1.15 imported; closes the session if the listener fails. */
  private static TrainSession announce(Tf115Session session, Listener listener) {
    try {
      listener.onGraphDef(session.imported());
    } catch (RuntimeException | Error e) {
      session.close();
      throw e;
    }
    return session;
  }

  /** The loop's names in the notebook's graph as built here. */
  static LoopTensors notebookTensors(NotebookGraph graph) {
    return new LoopTensors(name(graph.x()), name(graph.y()), name(graph.training()),
        name(graph.loss()), name(graph.accuracy()), graph.trainOp().op().name(),
        List.of(graph.init().op().name()));
  }

  private static String name(org.tensorflow.Operand<?> o) {
    return o.asOutput().op().name() + ":" + o.asOutput().index();
  }

  private static EvalRecord evalRow(int epoch, TrainSession session) {
    TrainSession.Evaluation train = session.evaluate(TrainSession.Part.TRAIN);
    TrainSession.Evaluation valid = session.evaluate(TrainSession.Part.VALID);
    TrainSession.Evaluation test = session.evaluate(TrainSession.Part.TEST);
    return new EvalRecord(epoch, train.loss(), valid.loss(), test.loss(),
        train.accuracy(), valid.accuracy(), test.accuracy());
  }

  private static RunResult loop(TrainConfig config, TrainSession session, Listener listener,
      double buildMs, double initMs, int startStep, CheckpointPlan checkpoints) {
    List<EvalRecord> rows = new ArrayList<>();
    BestValidation best = new BestValidation();
    long trainNanos = 0;
    long evalNanos = 0;
    int epoch = startStep + 1;
    int lastSaved = startStep;
    boolean stopped = false;
    for (; epoch <= config.epochs(); epoch++) {
      long t0 = System.nanoTime();
      session.trainStep();
      trainNanos += System.nanoTime() - t0;
      listener.onEpoch(epoch);

      if (epoch % config.evalEvery() == 0) {
        long t1 = System.nanoTime();
        EvalRecord row = evalRow(epoch, session);
        evalNanos += System.nanoTime() - t1;
        rows.add(row);
        listener.onEval(row);
        if (!(Double.isFinite(row.trainLoss()) && Double.isFinite(row.validLoss())
            && Double.isFinite(row.testLoss()))) {
          RunResult partial =
              best.result(rows, epoch, timings(buildMs, initMs, trainNanos, evalNanos));
          throw new DivergenceException(epoch, row.trainLoss(), config.graph().learningRate(),
              partial);
        }
        best.offer(row);
      }
      if (checkpoints.saveTo() != null && checkpoints.saveEvery() > 0
          && epoch % checkpoints.saveEvery() == 0) {
        session.save(checkpoints.saveTo(), epoch);
        lastSaved = epoch;
      }
      if (best.epoch() + config.patience() < epoch) { // Early Stop
        stopped = true;
        break;
      }
    }
    // The last epoch that ran (the loop starts after a restored checkpoint's step).
    int stopEpoch = stopped ? epoch : Math.max(startStep, config.epochs());
    if (checkpoints.saveTo() != null && lastSaved != stopEpoch) {
      session.save(checkpoints.saveTo(), stopEpoch);
    }
    return best.result(rows, stopEpoch, timings(buildMs, initMs, trainNanos, evalNanos));
  }

  /** The graph a run of {@code config} builds: its graph settings, on its device. */
  static hiddenlayer.graph.GraphConfig graphConfig(TrainConfig config) {
    return config.graph().withDevice(config.gpu() ? Devices.GPU : "");
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
    // -Dhiddenlayer.grappler=nodeps (Grappler without its dependency optimizer, which otherwise
    // drops the gradients that --gradients tf1's GATE_OP tuples wait for but nothing reads),
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
    if (grappler.equals("nodeps")) {
      b.setGraphOptions(org.tensorflow.proto.GraphOptions.newBuilder().setRewriteOptions(
          org.tensorflow.proto.RewriterConfig.newBuilder().setDependencyOptimization(
              org.tensorflow.proto.RewriterConfig.Toggle.OFF)));
    } else if (grappler.equals("off")) {
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
}
