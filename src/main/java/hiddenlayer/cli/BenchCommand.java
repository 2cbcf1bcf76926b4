package hiddenlayer.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import hiddenlayer.TensorFlowNatives;
import hiddenlayer.Versions;
import hiddenlayer.data.MnistData;
import hiddenlayer.data.NotebookSplit;
import hiddenlayer.graph.BnUpdates;
import hiddenlayer.graph.GraphConfig;
import hiddenlayer.graph.Normalization;
import hiddenlayer.graph.NotebookGraph;
import hiddenlayer.tf1.gradients.GradientBuilder;
import hiddenlayer.tf115.Tf115Runtime;
import hiddenlayer.train.Benchmark;
import hiddenlayer.train.NotebookRun;
import hiddenlayer.train.TfRuntime;
import hiddenlayer.train.TrainConfig;
import hiddenlayer.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: in one JVM, after warm-up, medians of MatMul rates, train steps, eval rounds,
 * startup phases and whole default runs. A table on stdout, or JSON with {@code --json}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measures MatMul rates, the train step of each variant, an eval round, "
        + "startup phases and the default run end to end (medians, in one JVM), the train "
        + "steps, eval round and runs on TF 2.18 and on TF 1.15's runtime alike."})
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "print JSON instead of a table")
  boolean json;

  @Option(names = "--reps", paramLabel = "N", defaultValue = "30",
      description = "timed repetitions of each step measurement (default: ${DEFAULT-VALUE})")
  int reps;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "intra- and inter-op threads, 0 = TensorFlow's choice (default: 0)")
  int threads;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
      description = "in-process default runs end to end (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--subprocess", paramLabel = "N", defaultValue = "0",
      description = "also time N fresh `java -jar ... run` processes (default: ${DEFAULT-VALUE})")
  int subprocess;

  @Option(names = "--jvm-arg", paramLabel = "ARG",
      description = "a JVM flag for the --subprocess runs (repeatable)")
  List<String> jvmArgs = new ArrayList<>();

  @Option(names = "--env", paramLabel = "K=V",
      description = "an environment variable for the --subprocess runs (repeatable), "
          + "e.g. TF_ENABLE_ONEDNN_OPTS=0")
  List<String> env = new ArrayList<>();

  @Option(names = "--skip", paramLabel = "PART", split = ",",
      description = "parts to skip: matmul, train, eval, startup, e2e, tf1 (every TF 1.15 "
          + "measurement), gradients (the train steps with the other gradient builder)")
  List<String> skip = new ArrayList<>();

  @Option(names = "--shape", paramLabel = "MxKxN",
      description = "an extra MatMul shape to measure (repeatable), e.g. 10000x784x512")
  List<String> shapes = new ArrayList<>();

  @Option(names = "--gradients", paramLabel = "tf1|registry",
      defaultValue = GradientBuilder.DEFAULT_NAME,
      converter = ModelOptions.GradientsConverter.class,
      description = "the gradient builder of every measurement; the train steps are also timed "
          + "with the other one, alternately (default: ${DEFAULT-VALUE})")
  GradientBuilder gradients = GradientBuilder.DEFAULT;

  @Option(names = "--profile", paramLabel = "VARIANT",
      description = "only trace train steps of none|layer|batch_keras|batch_collected and print "
          + "the time per op type (TF FULL_TRACE step stats)")
  String profile;

  private static final int N = 1000;

  @Override
  public Integer call() throws Exception {
    checkOptions();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    double jvmToMainMs = System.currentTimeMillis()
        - ManagementFactory.getRuntimeMXBean().getStartTime();
    TrainConfig base = TrainConfig.notebook();
    base = new TrainConfig(base.graph().withGradients(gradients), base.epochs(),
        base.evalEvery(), base.patience(), threads, false);

    if (profile != null) {
      String[] parts = profile.split("_");
      GraphConfig g = base.graph().withNormalization(norm(parts[0])).withBnUpdates(
          parts.length > 1 && parts[1].equals("collected") ? BnUpdates.COLLECTED
              : BnUpdates.KERAS);
      NotebookSplit s = NotebookSplit.of(MnistData.loadBundled(), base.graph().seed());
      try (Benchmark.Model m = new Benchmark.Model(base.withGraph(g), s)) {
        double ms = Benchmark.medianMs(10, reps, m::trainStep);
        var p = m.profileTrainStep(reps);
        out.printf("%s train step: median %.2f ms untraced; traced, per op type (ms/step, "
            + "summed over ops, which may overlap):%n", profile, ms);
        double total = p.values().stream().mapToDouble(Double::doubleValue).sum();
        p.forEach((k, v) -> out.printf("  %-36s %7.3f%n", k, v));
        out.printf("  %-36s %7.3f%n", "(sum)", total);
      }
      out.flush();
      return 0;
    }

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
    boolean firstLayerDx = matMuls > 2 * 3 + 2;
    double stepFlops = Benchmark.trainStepFlops(N, GraphConfig.NOTEBOOK_UNITS, firstLayerDx);
    if (!skip.contains("startup")) {
      int r = Math.max(3, reps / 6);
      startup.put("data_load_warm", Benchmark.medianMs(1, r,
          () -> NotebookSplit.of(MnistData.loadBundled(), 2020)));
      startup.put("graph_build_warm", Benchmark.medianMs(1, r,
          () -> NotebookGraph.build(TrainConfig.notebook().graph()).close()));
    }
    first.close();
    err.println("bench: startup done");

    Map<String, Double> matmul = new LinkedHashMap<>();
    if (!skip.contains("matmul")) {
      matmul.put("2048x2048x2048", gflops(base, Math.max(5, reps / 3), new int[] {2048, 2048, 2048}));
      matmul.put("1000x784x512", gflops(base, reps, new int[] {N, 784, 512}));
      matmul.put("1000x512x512", gflops(base, reps, new int[] {N, 512, 512}));
      matmul.put("1000x512x10", gflops(base, reps, new int[] {N, 512, 10}));
      for (String sh : shapes) {
        String[] p = sh.split("x");
        matmul.put(sh, gflops(base, reps, new int[] {Integer.parseInt(p[0]),
            Integer.parseInt(p[1]), Integer.parseInt(p[2])}));
      }
      // The train step's own products: 3 forward, 3 dW = X^T dY, and the dX = dY W^T it needs.
      List<int[]> step = new ArrayList<>(List.of(
          new int[] {N, 784, 512}, new int[] {N, 512, 512}, new int[] {N, 512, 10},
          new int[] {784, N, 512, 1, 0}, new int[] {512, N, 512, 1, 0},
          new int[] {512, N, 10, 1, 0},
          new int[] {N, 10, 512, 0, 1}, new int[] {N, 512, 512, 0, 1}));
      if (firstLayerDx) {
        step.add(new int[] {N, 512, 784, 0, 1});
      }
      matmul.put("train_step_matmuls", gflops(base, reps, step.toArray(new int[0][])));
      err.println("bench: matmul done");
    }

    // Each variant's train step under both gradient builders, timed alternately: the registry's
    // (every apply waits for all gradients) and TF1's (GATE_OP tuples per op, which also run the
    // input layer's dX and the labels' gradient that nothing uses).
    GradientBuilder other = base.graph().gradients() == GradientBuilder.REGISTRY
        ? GradientBuilder.TF1 : GradientBuilder.REGISTRY;
    Map<String, Double> stepMs = new LinkedHashMap<>();
    Map<String, Double> stepGflops = new LinkedHashMap<>();
    Map<String, Double> pairedMs = new LinkedHashMap<>();
    Map<String, Double> otherMs = new LinkedHashMap<>();
    Map<String, Double> otherGflops = new LinkedHashMap<>();
    double otherFlops = Double.NaN;
    int otherMatMuls = 0;
    int otherMatMulsInGraph = 0;
    Map<String, Double> stepMsTf1 = new LinkedHashMap<>();
    double evalMs = Double.NaN;
    double evalTestMs = Double.NaN;
    double evalMsTf1 = Double.NaN;
    boolean tf1 = !skip.contains("tf1");
    TrainConfig baseTf1 = base.withRuntime(TfRuntime.TF1);
    for (String[] v : new String[][] {{"none", "none", "keras"}, {"layer", "layer", "keras"},
        {"batch_keras", "batch", "keras"}, {"batch_collected", "batch", "collected"}}) {
      if (skip.contains("train") && !v[0].equals("batch_keras")) {
        continue;
      }
      GraphConfig g = base.graph().withNormalization(norm(v[1])).withBnUpdates(
          v[2].equals("keras") ? BnUpdates.KERAS : BnUpdates.COLLECTED);
      try (Benchmark.Model m = new Benchmark.Model(base.withGraph(g), split)) {
        double ms = Benchmark.medianMs(5, reps, m::trainStep);
        stepMs.put(v[0], ms);
        stepGflops.put(v[0], stepFlops / ms / 1e6);
        if (v[0].equals("batch_keras") && !skip.contains("eval")) {
          evalMs = Benchmark.medianMs(2, Math.max(5, reps / 3), m::evalRound);
          evalTestMs = Benchmark.medianMs(2, Math.max(5, reps / 3), m::evalTest);
        }
        if (!skip.contains("gradients")) {
          try (Benchmark.Model o = new Benchmark.Model(base.withGraph(g.withGradients(other)),
              split)) {
            double[] pair = Benchmark.medianMsAlternating(5, reps, m::trainStep, o::trainStep);
            if (Double.isNaN(otherFlops)) {
              // The normalizations add no MatMul: the counts are every variant's, found once.
              otherMatMuls = o.executedMatMulsInTrainStep();
              otherMatMulsInGraph = Benchmark.matMulsInTrainStep(o.graph());
              otherFlops = Benchmark.trainStepFlops(N, GraphConfig.NOTEBOOK_UNITS,
                  otherMatMuls > 2 * 3 + 2);
            }
            pairedMs.put(v[0], pair[0]);
            otherMs.put(v[0], pair[1]);
            otherGflops.put(v[0], otherFlops / pair[1] / 1e6);
          }
        }
      }
      if (tf1) {
        try (Benchmark.Model m = new Benchmark.Model(baseTf1.withGraph(g), split)) {
          stepMsTf1.put(v[0], Benchmark.medianMs(5, reps, m::trainStep));
          if (v[0].equals("batch_keras") && !skip.contains("eval")) {
            evalMsTf1 = Benchmark.medianMs(2, Math.max(5, reps / 3), m::evalRound);
          }
        }
      }
    }
    err.println("bench: train/eval done");

    // Whole runs alternate between the runtimes, so that a drift of the machine's speed
    // falls on both alike.
    double[] e2e = new double[0];
    double[] e2eTf1 = new double[0];
    if (!skip.contains("e2e") && runs > 0) {
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
    double[] sub = new double[subprocess];
    double[] subTf1 = new double[tf1 ? subprocess : 0];
    String[] subOut = new String[2];
    for (int i = 0; i < subprocess; i++) {
      for (TfRuntime runtime : tf1 ? TfRuntime.values() : new TfRuntime[] {TfRuntime.TF2}) {
        long a = System.nanoTime();
        String o = runSubprocess(runtime);
        double seconds = (System.nanoTime() - a) / 1e9;
        (runtime == TfRuntime.TF2 ? sub : subTf1)[i] = seconds;
        int k = runtime.ordinal();
        if (subOut[k] != null && !subOut[k].equals(o)) {
          err.println("bench: WARNING: subprocess outputs differ between runs on "
              + runtime.cliName());
        }
        subOut[k] = o;
      }
    }

    String defaultVariant = "batch_keras";
    Double matmulRef = matmul.get("train_step_matmuls");
    double efficiency = matmulRef == null ? Double.NaN
        : stepGflops.get(defaultVariant) / matmulRef;
    double efficiency2048 = matmul.get("2048x2048x2048") == null ? Double.NaN
        : stepGflops.get(defaultVariant) / matmul.get("2048x2048x2048");

    if (json) {
      JsonObject o = new JsonObject();
      o.addProperty("threads", threads);
      o.add("matmul_gflops", obj(matmul));
      o.add("train_step_ms", obj(stepMs));
      if (tf1) {
        o.add("train_step_ms_tf1", obj(stepMsTf1));
        o.addProperty("eval_round_ms_tf1", evalMsTf1);
      }
      o.add("train_gflops", obj(stepGflops));
      o.addProperty("train_step_gflop", stepFlops / 1e9);
      o.addProperty("train_step_matmul_ops", matMuls);
      o.addProperty("gradients", base.graph().gradients().cliName());
      JsonObject ob = new JsonObject();
      ob.addProperty("gradients", other.cliName());
      ob.add("train_step_ms", obj(otherMs));
      ob.add("train_step_ms_base_alternating", obj(pairedMs));
      ob.add("train_gflops", obj(otherGflops));
      ob.addProperty("train_step_gflop", otherFlops / 1e9);
      ob.addProperty("train_step_matmul_ops_run", otherMatMuls);
      ob.addProperty("train_step_matmul_ops", otherMatMulsInGraph);
      JsonObject ratio = new JsonObject();
      otherMs.forEach((k, val) -> ratio.addProperty(k, val / pairedMs.get(k)));
      ob.add("train_step_ms_ratio", ratio);
      o.add("other_gradient_builder", ob);
      o.addProperty("eval_round_ms", evalMs);
      o.addProperty("eval_test_forward_ms", evalTestMs);
      o.addProperty("efficiency", efficiency);
      o.addProperty("efficiency_vs_2048", efficiency2048);
      o.add("startup_ms", obj(startup));
      JsonObject e = new JsonObject();
      e.addProperty("in_process_median", e2e.length == 0 ? Double.NaN : Benchmark.median(e2e));
      e.add("in_process", new GsonBuilder().create().toJsonTree(e2e));
      if (subprocess > 0) {
        e.addProperty("subprocess_median", Benchmark.median(sub));
        e.add("subprocess", new GsonBuilder().create().toJsonTree(sub));
      }
      if (e2eTf1.length > 0) {
        e.addProperty("in_process_median_tf1", Benchmark.median(e2eTf1));
        e.add("in_process_tf1", new GsonBuilder().create().toJsonTree(e2eTf1));
      }
      if (subTf1.length > 0) {
        e.addProperty("subprocess_median_tf1", Benchmark.median(subTf1));
        e.add("subprocess_tf1", new GsonBuilder().create().toJsonTree(subTf1));
      }
      o.add("end_to_end_s", e);
      JsonObject v = new JsonObject();
      v.addProperty("project", Versions.project());
      v.addProperty("tensorflow_java", Versions.tensorflowJava());
      v.addProperty("tensorflow", tfVersion);
      if (tf1) {
        v.addProperty("runtime_tensorflow", Tf115Runtime.VERSION);
      }
      v.addProperty("java", System.getProperty("java.version"));
      o.add("versions", v);
      o.addProperty("reps", reps);
      out.println(new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
          .create().toJson(o));
    } else {
      out.printf("hidden-layer-stabilization %s, TensorFlow Java %s (TF %s), threads %s, "
              + "%d reps, medians%n", Versions.project(), Versions.tensorflowJava(), tfVersion,
          threads == 0 ? "TF default" : threads, reps);
      out.println();
      out.println("MatMul (float32)              GFLOP/s");
      matmul.forEach((k, val) -> out.printf("  %-27s %8.1f%n", k, val));
      out.println();
      out.printf("Train step (N=%d, %.3f GFLOP: %d MatMuls%s, gradients %s)%n", N,
          stepFlops / 1e9, matMuls, firstLayerDx ? "" : ", no dX for the input layer",
          base.graph().gradients().cliName());
      out.println("  variant                          ms   GFLOP/s" + (tf1
          ? "   TF 1.15 ms  TF 1.15 / TF 2.18" : ""));
      stepMs.forEach((k, val) -> {
        out.printf("  %-27s %8.2f %9.1f", k, val, stepGflops.get(k));
        if (stepMsTf1.containsKey(k)) {
          out.printf("  %11.2f  %17.2f", stepMsTf1.get(k), stepMsTf1.get(k) / val);
        }
        out.println();
      });
      if (!otherMs.isEmpty()) {
        out.printf("  gradients %s (%.3f GFLOP: %d MatMuls run of %d in the graph) and %s, timed "
            + "alternately:%n", other.cliName(), otherFlops / 1e9, otherMatMuls,
            otherMatMulsInGraph, base.graph().gradients().cliName());
        out.printf("  variant                   %8s ms %8s ms   GFLOP/s   ratio%n", other.cliName(),
            base.graph().gradients().cliName());
        otherMs.forEach((k, val) -> out.printf("  %-27s %8.2f %11.2f %9.1f %7.3f%n", k, val,
            pairedMs.get(k), otherGflops.get(k), val / pairedMs.get(k)));
      }
      out.printf("  efficiency (batch_keras / train-step matmuls) %.2f; vs 2048^3 %.2f%n",
          efficiency, efficiency2048);
      out.println();
      out.printf("Eval round (1000 + 100 + 10000, loss+accuracy)  %8.2f ms (test alone %.2f)%n",
          evalMs, evalTestMs);
      if (tf1) {
        out.printf("Eval round on TF 1.15                           %8.2f ms%n", evalMsTf1);
      }
      out.println();
      out.println("Startup (first time in this JVM)        ms");
      startup.forEach((k, val) -> out.printf("  %-27s %10.1f%n", k, val));
      out.println();
      if (e2e.length > 0) {
        out.printf("Default run end to end, in process: median %.2f s %s%n",
            Benchmark.median(e2e), java.util.Arrays.toString(round(e2e)));
      }
      if (e2eTf1.length > 0) {
        out.printf("Default run end to end, in process, --runtime tf1: median %.2f s %s%n",
            Benchmark.median(e2eTf1), java.util.Arrays.toString(round(e2eTf1)));
      }
      if (subprocess > 0) {
        out.printf("Default run, fresh `java -jar ... run`: median %.2f s %s%n",
            Benchmark.median(sub), java.util.Arrays.toString(round(sub)));
      }
      if (subTf1.length > 0) {
        out.printf("Default run, fresh `java -jar ... run --runtime tf1`: median %.2f s %s%n",
            Benchmark.median(subTf1), java.util.Arrays.toString(round(subTf1)));
      }
    }
    out.flush();
    return 0;
  }

  private static double[] round(double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = Math.round(v[i] * 100) / 100.0;
    }
    return r;
  }

  private static final java.util.Set<String> PARTS =
      java.util.Set.of("matmul", "train", "eval", "startup", "e2e", "tf1",
          "gradients");
  private static final java.util.Set<String> VARIANTS =
      java.util.Set.of("none", "layer", "batch_keras", "batch_collected");

  /** Every invalid value is a usage error naming its option. */
  private void checkOptions() {
    RunOptions.require(spec, reps >= 1, "--reps must be at least 1, got " + reps);
    RunOptions.require(spec, threads >= 0, "--threads must be at least 0, got " + threads);
    RunOptions.require(spec, runs >= 0, "--runs must be at least 0, got " + runs);
    RunOptions.require(spec, subprocess >= 0,
        "--subprocess must be at least 0, got " + subprocess);
    for (String part : skip) {
      RunOptions.require(spec, PARTS.contains(part),
          "--skip takes matmul, train, eval, startup, e2e, tf1, gradients, got '" + part + "'");
    }
    for (String sh : shapes) {
      RunOptions.require(spec, sh.matches("[1-9][0-9]{0,5}x[1-9][0-9]{0,5}x[1-9][0-9]{0,5}"),
          "--shape must be MxKxN with positive sizes, got '" + sh + "'");
    }
    for (String kv : env) {
      RunOptions.require(spec, kv.indexOf('=') > 0, "--env must be K=V, got '" + kv + "'");
    }
    RunOptions.require(spec, profile == null || VARIANTS.contains(profile),
        "--profile takes none, layer, batch_keras or batch_collected, got '" + profile + "'");
  }

  private static Normalization norm(String s) {
    for (Normalization n : Normalization.values()) {
      if (n.cliName().equals(s)) {
        return n;
      }
    }
    throw new IllegalArgumentException(s);
  }

  private double gflops(TrainConfig config, int r, int[]... shapes) {
    try (Benchmark.MatMulGraph g = new Benchmark.MatMulGraph(config, shapes)) {
      double ms = Benchmark.medianMs(3, r, g::run);
      return g.flops() / ms / 1e6;
    }
  }

  private String runSubprocess(TfRuntime runtime) throws IOException, InterruptedException {
    Path jar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation()
        .getPath());
    List<String> cmd = new ArrayList<>();
    cmd.add(Tf115Runtime.javaLauncher().toString());
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-jar", jar.toString(), "run", "--quiet", "--runtime",
        runtime.cliName()));
    if (threads > 0) {
      cmd.addAll(List.of("--threads", Integer.toString(threads)));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    for (String kv : env) {
      int eq = kv.indexOf('=');
      pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
    }
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

  private static JsonObject obj(Map<String, Double> m) {
    JsonObject o = new JsonObject();
    m.forEach(o::addProperty);
    return o;
  }
}
