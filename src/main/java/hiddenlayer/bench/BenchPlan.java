package hiddenlayer.bench;

import hiddenlayer.tf1.gradients.GradientBuilder;
import hiddenlayer.train.TfRuntime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What one bench measures.
 *
 * @param reps timed repetitions of each step measurement
 * @param threads intra- and inter-op threads, 0 for TensorFlow's choice
 * @param runs whole default runs in this JVM, per runtime
 * @param subprocess whole default runs in fresh JVMs, per runtime
 * @param skip the parts not measured
 * @param shapes extra MatMul shapes
 * @param gradients the gradient builder of every measurement (the other one is timed too)
 * @param fresh how fresh runs start
 */
public record BenchPlan(int reps, int threads, int runs, int subprocess, Set<Part> skip,
    List<MatMulShape> shapes, GradientBuilder gradients, FreshRuns fresh) {

  /** The parts of the suite that can be skipped. */
  public enum Part {
    MATMUL, TRAIN, EVAL, STARTUP, E2E,
    /** Every TF 1.15 measurement. */
    TF1,
    /** The train steps with the other gradient builder. */
    GRADIENTS;

    /** Its name in lower case: {@code matmul}, ..., {@code gradients}. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A product {@code [m, k] x [k, n]}; named {@code MxKxN}. */
  public record MatMulShape(int m, int k, int n) {
    @Override
    public String toString() {
      return m + "x" + k + "x" + n;
    }
  }

  /**
   * How a fresh default run starts: {@code java [jvmArgs] -jar THIS_JAR [runArgs(runtime)]}
   * with {@code env} added to the environment; its stdout is compared between runs.
   */
  public record FreshRuns(List<String> jvmArgs, Map<String, String> env,
      Function<TfRuntime, List<String>> runArgs) {
    public FreshRuns {
      jvmArgs = List.copyOf(jvmArgs);
      env = Map.copyOf(env);
      Objects.requireNonNull(runArgs, "runArgs");
    }
  }

  public BenchPlan {
    skip = Set.copyOf(skip);
    shapes = List.copyOf(shapes);
    Objects.requireNonNull(gradients, "gradients");
    Objects.requireNonNull(fresh, "fresh");
  }

  public boolean skips(Part part) {
    return skip.contains(part);
  }
}
