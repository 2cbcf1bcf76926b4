package hiddenlayer.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import hiddenlayer.Versions;
import hiddenlayer.bench.BenchResult.EndToEnd;
import hiddenlayer.bench.BenchResult.Paired;
import hiddenlayer.bench.BenchResult.VariantStep;
import hiddenlayer.graph.Variant;
import hiddenlayer.tf115.Tf115Runtime;
import hiddenlayer.train.Benchmark;
import java.util.Map;
import java.util.OptionalDouble;

/** A bench's result as JSON: NaN where a part was skipped, variants by {@link Variant#key()}. */
public final class BenchJson {
  private BenchJson() {}

  /** Pretty-printed, without a final newline. */
  public static String of(BenchResult r) {
    JsonObject o = new JsonObject();
    o.addProperty("threads", r.threads());
    o.add("matmul_gflops", obj(r.matmulGflops()));
    o.add("train_step_ms", byVariant(r.byVariant(s -> OptionalDouble.of(s.ms()))));
    if (r.tf1()) {
      o.add("train_step_ms_tf1", byVariant(r.byVariant(VariantStep::msTf1)));
      o.addProperty("eval_round_ms_tf1", r.evalRoundMsTf1());
    }
    o.add("train_gflops", byVariant(r.byVariant(s -> OptionalDouble.of(s.gflops()))));
    o.addProperty("train_step_gflop", r.trainStep().gflop());
    o.addProperty("train_step_matmul_ops", r.trainStep().matMulsRun());
    o.addProperty("gradients", r.trainStep().gradients().cliName());
    JsonObject ob = new JsonObject();
    ob.addProperty("gradients", r.other().gradients().cliName());
    ob.add("train_step_ms", byVariant(r.paired(Paired::otherMs)));
    ob.add("train_step_ms_base_alternating", byVariant(r.paired(Paired::baseMs)));
    ob.add("train_gflops", byVariant(r.paired(Paired::otherGflops)));
    ob.addProperty("train_step_gflop", r.other().gflop());
    ob.addProperty("train_step_matmul_ops_run", r.other().matMulsRun());
    ob.addProperty("train_step_matmul_ops", r.other().matMulsInGraph());
    ob.add("train_step_ms_ratio", byVariant(r.paired(Paired::ratio)));
    o.add("other_gradient_builder", ob);
    o.addProperty("eval_round_ms", r.evalRoundMs());
    o.addProperty("eval_test_forward_ms", r.evalTestMs());
    o.addProperty("efficiency", r.efficiency());
    o.addProperty("efficiency_vs_2048", r.efficiency2048());
    o.add("startup_ms", obj(r.startupMs()));
    EndToEnd t = r.endToEnd();
    JsonObject e = new JsonObject();
    e.addProperty("in_process_median",
        t.inProcess().length == 0 ? Double.NaN : Benchmark.median(t.inProcess()));
    e.add("in_process", new GsonBuilder().create().toJsonTree(t.inProcess()));
    if (t.subprocess().length > 0) {
      e.addProperty("subprocess_median", Benchmark.median(t.subprocess()));
      e.add("subprocess", new GsonBuilder().create().toJsonTree(t.subprocess()));
    }
    if (t.inProcessTf1().length > 0) {
      e.addProperty("in_process_median_tf1", Benchmark.median(t.inProcessTf1()));
      e.add("in_process_tf1", new GsonBuilder().create().toJsonTree(t.inProcessTf1()));
    }
    if (t.subprocessTf1().length > 0) {
      e.addProperty("subprocess_median_tf1", Benchmark.median(t.subprocessTf1()));
      e.add("subprocess_tf1", new GsonBuilder().create().toJsonTree(t.subprocessTf1()));
    }
    o.add("end_to_end_s", e);
    JsonObject v = new JsonObject();
    v.addProperty("project", Versions.project());
    v.addProperty("tensorflow_java", Versions.tensorflowJava());
    v.addProperty("tensorflow", r.tensorflow());
    if (r.tf1()) {
      v.addProperty("runtime_tensorflow", Tf115Runtime.VERSION);
    }
    v.addProperty("java", System.getProperty("java.version"));
    o.add("versions", v);
    o.addProperty("reps", r.reps());
    return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
        .create().toJson(o);
  }

  private static JsonObject obj(Map<String, Double> m) {
    JsonObject o = new JsonObject();
    m.forEach(o::addProperty);
    return o;
  }

  private static JsonObject byVariant(Map<Variant, Double> m) {
    JsonObject o = new JsonObject();
    m.forEach((k, v) -> o.addProperty(k.key(), v));
    return o;
  }
}
