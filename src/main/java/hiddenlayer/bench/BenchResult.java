package hiddenlayer.bench;

import hiddenlayer.graph.Variant;
import hiddenlayer.tf1.gradients.GradientBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one bench measured. Times are medians in milliseconds unless named otherwise; maps keep
 * the order of measurement.
 *
 * @param threads the threads asked for, 0 for TensorFlow's choice
 * @param reps timed repetitions of each step measurement
 * @param tensorflow the version of this JVM's TensorFlow
 * @param tf1 whether TF 1.15's runtime was measured too
 * @param startupMs each startup phase, the first time in this JVM (and some warm repeats)
 * @param matmulGflops GFLOP/s per MatMul shape ({@code 1000x784x512}), and of the train step's
 *     own products together ({@code train_step_matmuls})
 * @param trainStep the FLOP model of the train step with the chosen gradient builder
 * @param steps each variant's train step, in {@link Variant} order
 * @param other the FLOP model of the train step with the other gradient builder
 * @param evalRoundMs one eval round of batch-keras (NaN if skipped)
 * @param evalTestMs the test set's forward pass alone (NaN if skipped)
 * @param evalRoundMsTf1 one eval round on TF 1.15 (NaN if skipped)
 * @param endToEnd whole default runs, in seconds
 */
public record BenchResult(int threads, int reps, String tensorflow, boolean tf1,
    Map<String, Double> startupMs, Map<String, Double> matmulGflops, StepModel trainStep,
    List<VariantStep> steps, StepModel other, double evalRoundMs, double evalTestMs,
    double evalRoundMsTf1, EndToEnd endToEnd) {

  /** The variant whose train step the efficiencies rate: the notebook's. */
  public static final Variant DEFAULT_VARIANT = Variant.BATCH_KERAS;

  /** The train step's batch: the notebook's 1000 training images. */
  public static final int N = 1000;

  /**
   * The FLOPs of one train step with {@code gradients}, from the MatMuls it runs.
   *
   * @param flops the analytic FLOPs (NaN if not measured)
   * @param matMulsRun the MatMul ops one traced step runs
   * @param matMulsInGraph the MatMul ops the train op depends on (0 where not counted)
   * @param firstLayerDx whether the input layer's dX is among them
   */
  public record StepModel(GradientBuilder gradients, double flops, int matMulsRun,
      int matMulsInGraph, boolean firstLayerDx) {
    public double gflop() {
      return flops / 1e9;
    }
  }

  /**
   * One variant's train step: {@code ms} and its rate under the chosen builder, on TF 1.15 if
   * measured, and timed alternately with the other builder if measured.
   */
  public record VariantStep(Variant variant, double ms, double gflops, OptionalDouble msTf1,
      Optional<Paired> paired) {}

  /**
   * The same step with both builders, timed alternately: {@code otherMs} with the other,
   * {@code baseMs} with the chosen one.
   */
  public record Paired(double otherMs, double baseMs, double otherGflops) {
    /** Other over chosen: the measure to quote. */
    public double ratio() {
      return otherMs / baseMs;
    }
  }

  /** Whole default runs in seconds: in this JVM and in fresh ones, on each runtime. */
  public record EndToEnd(double[] inProcess, double[] inProcessTf1, double[] subprocess,
      double[] subprocessTf1) {}

  /** {@code value} of each step that has one, in order. */
  public Map<Variant, Double> byVariant(java.util.function.Function<VariantStep, OptionalDouble>
      value) {
    Map<Variant, Double> m = new LinkedHashMap<>();
    for (VariantStep s : steps) {
      value.apply(s).ifPresent(v -> m.put(s.variant(), v));
    }
    return m;
  }

  /** {@code f} of each step timed alternately with the other builder, in order. */
  public Map<Variant, Double> paired(java.util.function.ToDoubleFunction<Paired> f) {
    return byVariant(s -> s.paired().map(p -> OptionalDouble.of(f.applyAsDouble(p)))
        .orElse(OptionalDouble.empty()));
  }

  /**
   * The default variant's train step rate over the train step's own MatMuls' (NaN without
   * the MatMul part).
   */
  public double efficiency() {
    return ratioTo("train_step_matmuls");
  }

  /** The default variant's train step rate over a 2048^3 MatMul's (NaN without the
   * MatMul part). */
  public double efficiency2048() {
    return ratioTo("2048x2048x2048");
  }

  private double ratioTo(String matmul) {
    Double ref = matmulGflops.get(matmul);
    return ref == null ? Double.NaN : step(DEFAULT_VARIANT).orElseThrow().gflops() / ref;
  }

  /** The step of {@code v}, if measured. */
  public Optional<VariantStep> step(Variant v) {
    return steps.stream().filter(s -> s.variant() == v).findFirst();
  }
}
