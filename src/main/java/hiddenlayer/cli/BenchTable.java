package hiddenlayer.cli;

import hiddenlayer.Versions;
import hiddenlayer.bench.BenchResult;
import hiddenlayer.bench.BenchResult.EndToEnd;
import hiddenlayer.bench.BenchResult.Paired;
import hiddenlayer.bench.BenchResult.VariantStep;
import hiddenlayer.bench.BenchSuite;
import hiddenlayer.train.Benchmark;
import java.io.PrintWriter;
import java.util.Arrays;

/** {@code bench}'s tables on stdout, from its records. */
final class BenchTable {
  private BenchTable() {}

  static void print(BenchSuite.Profile p, PrintWriter out) {
    out.printf("%s train step: median %.2f ms untraced; traced, per op type (ms/step, "
        + "summed over ops, which may overlap):%n", p.variant().key(), p.medianMs());
    p.msPerOpType().forEach((k, v) -> out.printf("  %-36s %7.3f%n", k, v));
    out.printf("  %-36s %7.3f%n", "(sum)", p.totalMs());
  }

  static void print(BenchResult r, PrintWriter out) {
    out.printf("hidden-layer-stabilization %s, TensorFlow Java %s (TF %s), threads %s, "
            + "%d reps, medians%n", Versions.project(), Versions.tensorflowJava(), r.tensorflow(),
        r.threads() == 0 ? "TF default" : r.threads(), r.reps());
    out.println();
    out.println("MatMul (float32)              GFLOP/s");
    r.matmulGflops().forEach((k, val) -> out.printf("  %-27s %8.1f%n", k, val));
    out.println();
    String gradients = r.trainStep().gradients().cliName();
    out.printf("Train step (N=%d, %.3f GFLOP: %d MatMuls%s, gradients %s)%n", BenchResult.N,
        r.trainStep().gflop(), r.trainStep().matMulsRun(),
        r.trainStep().firstLayerDx() ? "" : ", no dX for the input layer", gradients);
    out.println("  variant                          ms   GFLOP/s" + (r.tf1()
        ? "   TF 1.15 ms  TF 1.15 / TF 2.18" : ""));
    for (VariantStep s : r.steps()) {
      out.printf("  %-27s %8.2f %9.1f", s.variant().key(), s.ms(), s.gflops());
      if (s.msTf1().isPresent()) {
        double tf1 = s.msTf1().getAsDouble();
        out.printf("  %11.2f  %17.2f", tf1, tf1 / s.ms());
      }
      out.println();
    }
    if (r.steps().stream().anyMatch(s -> s.paired().isPresent())) {
      String other = r.other().gradients().cliName();
      out.printf("  gradients %s (%.3f GFLOP: %d MatMuls run of %d in the graph) and %s, timed "
          + "alternately:%n", other, r.other().gflop(), r.other().matMulsRun(),
          r.other().matMulsInGraph(), gradients);
      out.printf("  variant                   %8s ms %8s ms   GFLOP/s   ratio%n", other,
          gradients);
      for (VariantStep s : r.steps()) {
        if (s.paired().isPresent()) {
          Paired p = s.paired().get();
          out.printf("  %-27s %8.2f %11.2f %9.1f %7.3f%n", s.variant().key(), p.otherMs(),
              p.baseMs(), p.otherGflops(), p.ratio());
        }
      }
    }
    out.printf("  efficiency (%s / train-step matmuls) %.2f; vs 2048^3 %.2f%n",
        BenchResult.DEFAULT_VARIANT.key(), r.efficiency(), r.efficiency2048());
    out.println();
    out.printf("Eval round (1000 + 100 + 10000, loss+accuracy)  %8.2f ms (test alone %.2f)%n",
        r.evalRoundMs(), r.evalTestMs());
    if (r.tf1()) {
      out.printf("Eval round on TF 1.15                           %8.2f ms%n",
          r.evalRoundMsTf1());
    }
    out.println();
    out.println("Startup (first time in this JVM)        ms");
    r.startupMs().forEach((k, val) -> out.printf("  %-27s %10.1f%n", k, val));
    out.println();
    EndToEnd t = r.endToEnd();
    if (t.inProcess().length > 0) {
      out.printf("Default run end to end, in process: median %.2f s %s%n",
          Benchmark.median(t.inProcess()), Arrays.toString(round(t.inProcess())));
    }
    if (t.inProcessTf1().length > 0) {
      out.printf("Default run end to end, in process, --runtime tf1: median %.2f s %s%n",
          Benchmark.median(t.inProcessTf1()), Arrays.toString(round(t.inProcessTf1())));
    }
    if (t.subprocess().length > 0) {
      out.printf("Default run, fresh `java -jar ... run`: median %.2f s %s%n",
          Benchmark.median(t.subprocess()), Arrays.toString(round(t.subprocess())));
    }
    if (t.subprocessTf1().length > 0) {
      out.printf("Default run, fresh `java -jar ... run --runtime tf1`: median %.2f s %s%n",
          Benchmark.median(t.subprocessTf1()), Arrays.toString(round(t.subprocessTf1())));
    }
  }

  private static double[] round(double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = Math.round(v[i] * 100) / 100.0;
    }
    return r;
  }
}
