package hiddenlayer.bench;

import hiddenlayer.TensorFlowNatives;
import hiddenlayer.bench.BenchPlan.Part;
import hiddenlayer.bench.BenchResult.EndToEnd;
import hiddenlayer.bench.BenchResult.Paired;
import hiddenlayer.bench.BenchResult.StepModel;
import hiddenlayer.bench.BenchResult.VariantStep;
import hiddenlayer.data.MnistData;
import hiddenlayer.data.NotebookSplit;
import hiddenlayer.graph.GraphConfig;
import hiddenlayer.graph.NotebookGraph;
import hiddenlayer.graph.Variant;
import hiddenlayer.tf1.gradients.GradientBuilder;
import hiddenlayer.tf115.Tf115Runtime;
import hiddenlayer.train.Benchmark;
import hiddenlayer.train.NotebookRun;
import hiddenlayer.train.StepReplay;
import hiddenlayer.train.StepTensors;
import hiddenlayer.train.TfRuntime;
import hiddenlayer.train.TrainConfig;
import hiddenlayer.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * {@code bench}'s measurements, in one JVM, after warm-up, as medians: startup phases, MatMul
 * rates, each variant's train step (with both gradient builders, timed alternately, and on TF
 * 1.15's runtime), an eval round, whole default runs in this JVM and in fresh ones.
 */
public final class BenchSuite {
  private final BenchPlan plan;
  private final Consumer<String> progress;
  private final TrainConfig base;

  /**
   * @param progress hears a line after each part ({@code bench: startup done}) and warnings
   */
  public BenchSuite(BenchPlan plan, Consumer<String> progress) {
    this.plan = plan;
    this.progress = progress;
    this.base = config(plan.gradients(), plan.threads());
  }

  /** The notebook's run with {@code gradients} and {@code threads}, on TF 2.18. */
  static TrainConfig config(GradientBuilder gradients, int threads) {
    TrainConfig notebook = TrainConfig.notebook();
    return new TrainConfig(notebook.graph().withGradients(gradients), notebook.epochs(),
        notebook.evalEvery(), notebook.patience(), threads, false);
  }

  /**
   * One variant's train step traced: its untraced median and, per op type, the time per step
   * summed over the type's ops (which may overlap), largest first.
   */
  public record Profile(Variant variant, double medianMs, Map<String, Double> msPerOpType) {
    /** The per-type times added up. */
    public double totalMs() {
      return msPerOpType.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  /** Traces {@code reps} train steps of {@code variant} (after timing {@code reps} untraced). */
  public Profile profile(Variant variant) {
    NotebookSplit s = NotebookSplit.of(MnistData.loadBundled(), base.graph().seed());
    try (Benchmark.Model m = new Benchmark.Model(base.withGraph(variant.applyTo(base.graph())),
        s)) {
      double ms = Benchmark.medianMs(10, plan.reps(), m::trainStep);
      return new Profile(variant, ms, m.profileTrainStep(plan.reps()));
    }
  }

  /**
   * {@code bench --tensors}: {@link StepTensors#capture} of {@code variant} on {@code runtime},
   * as lines.
   */
  public byte[] tensors(Variant variant, TfRuntime runtime) {
    NotebookSplit s = NotebookSplit.of(MnistData.loadBundled(), base.graph().seed());
    return StepTensors.text(StepTensors.capture(
        base.withGraph(variant.applyTo(base.graph())).withRuntime(runtime), s));
  }

  /**
   * {@code bench --tensors VARIANT --tensors-values FILE}: {@link #tensors}, and every tensor of
   * the step by value written to {@code file} ({@link TensorValues}).
   */
  public byte[] tensorValues(Variant variant, TfRuntime runtime, java.nio.file.Path file) {
    NotebookSplit s = NotebookSplit.of(MnistData.loadBundled(), base.graph().seed());
    List<StepTensors.Value> values = new java.util.ArrayList<>();
    byte[] text = StepTensors.text(StepTensors.capture(
        base.withGraph(variant.applyTo(base.graph())).withRuntime(runtime), s, values));
    TensorValues.write(file, variant.key(), values);
    return text;
  }

  /**
   * {@code bench --tensors VARIANT --tensors-replay FILE}: each op of the step run on {@code
   * runtime} with the inputs {@code file} holds, compared with its outputs there ({@link
   * StepReplay}).
   */
  public List<StepReplay.Replayed> replay(Variant variant, TfRuntime runtime,
      java.nio.file.Path file) {
    java.util.Map<String, hiddenlayer.train.TrainSession.RawTensor> captured =
        TensorValues.of(file, variant.key());
    NotebookSplit s = NotebookSplit.of(MnistData.loadBundled(), base.graph().seed());
    try {
      return StepReplay.replay(
          base.withGraph(variant.applyTo(base.graph())).withRuntime(runtime), s, captured);
    } catch (IllegalArgumentException e) {
      throw TensorValues.notTheGraph(file, e);
    }
  }

  /** Runs every part of the plan not skipped. */
  public BenchResult run() throws IOException, InterruptedException {
    double jvmToMainMs = System.currentTimeMillis()
        - ManagementFactory.getRuntimeMXBean().getStartTime();
    int reps = plan.reps();
    int n = BenchResult.N;

    // Startup phases, each the first time in this JVM.
    Map<String, Double> startup = new LinkedHashMap<>();
    startup.put("jvm_to_main", jvmToMainMs);
    long t0 = System.nanoTime();
    String tfVersion = TensorFlowNatives.load();
    long t1 = System.nanoTime();
    MnistData mnist = MnistData.loadBundled();
    NotebookSplit split = NotebookSplit.of(mnist, base.graph().seed());
    long t2 = System.nanoTime();
    startup.put("native_load", (t1 - t0) / 1e6);
    startup.put("data_load", (t2 - t1) / 1e6);
    Benchmark.Model first;
    {
      long a = System.nanoTime();
      NotebookGraph.build(base.graph()).close();
      long b = System.nanoTime();
      startup.put("graph_build", (b - a) / 1e6);
      first = new Benchmark.Model(base, split);
      long c = System.nanoTime();
      first.trainStep();
      long d = System.nanoTime();
      first.evalRound();
      long e = System.nanoTime();
      startup.put("session_init", (c - b) / 1e6);
      startup.put("first_train_step", (d - c) / 1e6);
      startup.put("first_eval_round", (e - d) / 1e6);
    }
    int matMuls = first.executedMatMulsInTrainStep();
    // Closed before the warm figures: its session's pool threads would compete with them.
    first.close();
    boolean firstLayerDx = matMuls > 2 * 3 + 2;
    double stepFlops = Benchmark.trainStepFlops(n, GraphConfig.NOTEBOOK_UNITS, firstLayerDx);
    if (!plan.skips(Part.STARTUP)) {
      int r = Math.max(3, reps / 6);
      startup.put("data_load_warm", Benchmark.medianMs(1, r,
          () -> NotebookSplit.of(MnistData.loadBundled(), 2020)));
      // A graph build runs hundreds of small Java methods (the tf.gradients walk) that the JIT
      // compiles over the first builds: the warm figure waits for that, as the train steps do.
      startup.put("graph_build_warm", Benchmark.medianMs(reps / 2, reps,
          () -> NotebookGraph.build(TrainConfig.notebook().graph()).close()));
    }
    progress.accept("bench: startup done");

    Map<String, Double> matmul = new LinkedHashMap<>();
    if (!plan.skips(Part.MATMUL)) {
      matmul.put("2048x2048x2048", gflops(Math.max(5, reps / 3), new int[] {2048, 2048, 2048}));
      matmul.put("1000x784x512", gflops(reps, new int[] {n, 784, 512}));
      matmul.put("1000x512x512", gflops(reps, new int[] {n, 512, 512}));
      matmul.put("1000x512x10", gflops(reps, new int[] {n, 512, 10}));
      for (BenchPlan.MatMulShape sh : plan.shapes()) {
        matmul.put(sh.toString(), gflops(reps, new int[] {sh.m(), sh.k(), sh.n()}));
      }
      // The train step's own products: 3 forward, 3 dW = X^T dY, and the dX = dY W^T it needs.
      List<int[]> step = new ArrayList<>(List.of(
          new int[] {n, 784, 512}, new int[] {n, 512, 512}, new int[] {n, 512, 10},
          new int[] {784, n, 512, 1, 0}, new int[] {512, n, 512, 1, 0},
          new int[] {512, n, 10, 1, 0},
          new int[] {n, 10, 512, 0, 1}, new int[] {n, 512, 512, 0, 1}));
      if (firstLayerDx) {
        step.add(new int[] {n, 512, 784, 0, 1});
      }
      matmul.put("train_step_matmuls", gflops(reps, step.toArray(new int[0][])));
      progress.accept("bench: matmul done");
    }

    // Each variant's train step under both gradient builders, timed alternately: the registry's
    // (every apply waits for all gradients) and TF1's (GATE_OP tuples per op, which also run the
    // input layer's dX and the labels' gradient that nothing uses).
    GradientBuilder other = base.graph().gradients() == GradientBuilder.REGISTRY
        ? GradientBuilder.TF1 : GradientBuilder.REGISTRY;
    List<VariantStep> steps = new ArrayList<>();
    double otherFlops = Double.NaN;
    int otherMatMuls = 0;
    int otherMatMulsInGraph = 0;
    double evalMs = Double.NaN;
    double evalTestMs = Double.NaN;
    double evalMsTf1 = Double.NaN;
    boolean tf1 = !plan.skips(Part.TF1);
    TrainConfig baseTf1 = base.withRuntime(TfRuntime.TF1);
    for (Variant v : Variant.values()) {
      if (plan.skips(Part.TRAIN) && v != BenchResult.DEFAULT_VARIANT) {
        continue;
      }
      GraphConfig g = v.applyTo(base.graph());
      double ms;
      Optional<Paired> paired = Optional.empty();
      OptionalDouble msTf1 = OptionalDouble.empty();
      try (Benchmark.Model m = new Benchmark.Model(base.withGraph(g), split)) {
        ms = Benchmark.medianMs(5, reps, m::trainStep);
        if (v == BenchResult.DEFAULT_VARIANT && !plan.skips(Part.EVAL)) {
          evalMs = Benchmark.medianMs(2, Math.max(5, reps / 3), m::evalRound);
          evalTestMs = Benchmark.medianMs(2, Math.max(5, reps / 3), m::evalTest);
        }
        if (!plan.skips(Part.GRADIENTS)) {
          try (Benchmark.Model o = new Benchmark.Model(base.withGraph(g.withGradients(other)),
              split)) {
            double[] pair = Benchmark.medianMsAlternating(5, reps, m::trainStep, o::trainStep);
            if (Double.isNaN(otherFlops)) {
              // The normalizations add no MatMul: the counts are every variant's, found once.
              otherMatMuls = o.executedMatMulsInTrainStep();
              otherMatMulsInGraph = Benchmark.matMulsInTrainStep(o.graph());
              otherFlops = Benchmark.trainStepFlops(n, GraphConfig.NOTEBOOK_UNITS,
                  otherMatMuls > 2 * 3 + 2);
            }
            paired = Optional.of(new Paired(pair[1], pair[0], otherFlops / pair[1] / 1e6));
          }
        }
      }
      if (tf1) {
        try (Benchmark.Model m = new Benchmark.Model(baseTf1.withGraph(g), split)) {
          msTf1 = OptionalDouble.of(Benchmark.medianMs(5, reps, m::trainStep));
          if (v == BenchResult.DEFAULT_VARIANT && !plan.skips(Part.EVAL)) {
            evalMsTf1 = Benchmark.medianMs(2, Math.max(5, reps / 3), m::evalRound);
          }
        }
      }
      steps.add(new VariantStep(v, ms, stepFlops / ms / 1e6, msTf1, paired));
    }
    progress.accept("bench: train/eval done");

    // Whole runs alternate between the runtimes, so that a drift of the machine's speed
    // falls on both alike.
    double[] e2e = new double[0];
    double[] e2eTf1 = new double[0];
    int runs = plan.runs();
    if (!plan.skips(Part.E2E) && runs > 0) {
      e2e = new double[runs];
      e2eTf1 = new double[tf1 ? runs : 0];
      for (int i = 0; i < runs; i++) {
        long a = System.nanoTime();
        NotebookRun.execute(base, Optional.empty(), new Trainer.Listener() {});
        e2e[i] = (System.nanoTime() - a) / 1e9;
        if (tf1) {
          long b = System.nanoTime();
          NotebookRun.execute(baseTf1, Optional.empty(), new Trainer.Listener() {});
          e2eTf1[i] = (System.nanoTime() - b) / 1e9;
        }
      }
    }
    int subprocess = plan.subprocess();
    double[] sub = new double[subprocess];
    double[] subTf1 = new double[tf1 ? subprocess : 0];
    String[] subOut = new String[2];
    for (int i = 0; i < subprocess; i++) {
      for (TfRuntime runtime : tf1 ? TfRuntime.values() : new TfRuntime[] {TfRuntime.TF2}) {
        long a = System.nanoTime();
        String o = runFresh(runtime);
        double seconds = (System.nanoTime() - a) / 1e9;
        (runtime == TfRuntime.TF2 ? sub : subTf1)[i] = seconds;
        int k = runtime.ordinal();
        if (subOut[k] != null && !subOut[k].equals(o)) {
          progress.accept("bench: WARNING: subprocess outputs differ between runs on "
              + runtime.cliName());
        }
        subOut[k] = o;
      }
    }

    return new BenchResult(plan.threads(), reps, tfVersion, tf1, startup, matmul,
        new StepModel(base.graph().gradients(), stepFlops, matMuls, 0, firstLayerDx), steps,
        new StepModel(other, otherFlops, otherMatMuls, otherMatMulsInGraph,
            otherMatMuls > 2 * 3 + 2),
        evalMs, evalTestMs, evalMsTf1, new EndToEnd(e2e, e2eTf1, sub, subTf1));
  }

  private double gflops(int r, int[]... shapes) {
    try (Benchmark.MatMulGraph g = new Benchmark.MatMulGraph(base, shapes)) {
      double ms = Benchmark.medianMs(3, r, g::run);
      return g.flops() / ms / 1e6;
    }
  }

  /** A fresh default run in a new JVM from this jar; its stdout. */
  private String runFresh(TfRuntime runtime) throws IOException, InterruptedException {
    Path jar = Path.of(BenchSuite.class.getProtectionDomain().getCodeSource().getLocation()
        .getPath());
    List<String> cmd = new ArrayList<>();
    cmd.add(Tf115Runtime.javaLauncher().toString());
    cmd.addAll(plan.fresh().jvmArgs());
    cmd.addAll(List.of("-jar", jar.toString()));
    cmd.addAll(plan.fresh().runArgs().apply(runtime));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putAll(plan.fresh().env());
    Process p = pb.start();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(buf);
    }
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IllegalStateException("subprocess exited " + rc);
    }
    return buf.toString();
  }
}
