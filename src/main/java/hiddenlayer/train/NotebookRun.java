package hiddenlayer.train;

import hiddenlayer.data.MnistData;
import hiddenlayer.data.NotebookSplit;
import java.nio.file.Path;
import java.util.Optional;
import org.tensorflow.TensorFlow;

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
    long t0 = System.nanoTime();
    TensorFlow.version(); // loads the native library
    long t1 = System.nanoTime();
    NotebookSplit split = NotebookSplit.of(MnistData.load(data), config.graph().seed());
    long t2 = System.nanoTime();
    RunResult r = Trainer.run(config, split, listener);
    long t3 = System.nanoTime();
    RunResult.Timings t = r.timings();
    return new Outcome(r, new Phases((t1 - t0) / 1e6, (t2 - t1) / 1e6, t.graphBuildMs(),
        t.sessionInitMs(), t.trainMs(), t.evalMs(), (t3 - t0) / 1e6));
  }
}
