package hiddenlayer.train;

import hiddenlayer.Background;
import hiddenlayer.TensorFlowNatives;
import hiddenlayer.data.MnistData;
import hiddenlayer.data.NotebookSplit;
import hiddenlayer.tf1.checkpoint.CheckpointLock;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Future;

/** The whole notebook: load TensorFlow and MNIST, split, build, train; timed per phase. */
public final class NotebookRun {
  private NotebookRun() {}

  /** Wall time of each phase of a run, in milliseconds. */
  public record Phases(double nativeLoadMs, double dataMs, double graphBuildMs,
      double sessionInitMs, double trainMs, double evalMs, double totalMs) {}

  /** A finished run and where its time went. */
  public record Outcome(RunResult result, Phases phases) {}

  public static Outcome execute(TrainConfig config, Optional<Path> data,
      Trainer.Listener listener) {
    return execute(config, data, listener, CheckpointPlan.none());
  }

  /** As above, restoring and saving checkpoints as {@code checkpoints} says. */
  public static Outcome execute(TrainConfig config, Optional<Path> data,
      Trainer.Listener listener, CheckpointPlan checkpoints) {
    try (CheckpointLock lock = checkpoints.claim()) { // a prefix another run saves to: refused
      return execute(config, data, listener, checkpoints, System.nanoTime());
    }
  }

  private static Outcome execute(TrainConfig config, Optional<Path> data,
      Trainer.Listener listener, CheckpointPlan checkpoints, long t0) {
    // MNIST loads (CPU-bound: gunzip, SHA-256) on its own thread while TensorFlow's native
    // library loads and the graph is built on this one; the split is needed only for the feeds.
    long[] dataNanos = new long[1];
    Future<NotebookSplit> load = Background.start("mnist-loader", () -> {
      long a = System.nanoTime();
      NotebookSplit s = NotebookSplit.of(MnistData.load(data), config.graph().seed());
      dataNanos[0] = System.nanoTime() - a;
      return s;
    });
    TensorFlowNatives.load(); // or waits for the load Main started
    long t1 = System.nanoTime();
    RunResult r = Trainer.run(config, () -> Background.join(load), listener, checkpoints);
    long t3 = System.nanoTime();
    RunResult.Timings t = r.timings();
    return new Outcome(r, new Phases((t1 - t0) / 1e6, dataNanos[0] / 1e6, t.graphBuildMs(),
        t.sessionInitMs(), t.trainMs(), t.evalMs(), (t3 - t0) / 1e6));
  }
}
