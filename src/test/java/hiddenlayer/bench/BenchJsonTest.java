package hiddenlayer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import hiddenlayer.bench.BenchResult.EndToEnd;
import hiddenlayer.bench.BenchResult.Paired;
import hiddenlayer.bench.BenchResult.StepModel;
import hiddenlayer.bench.BenchResult.VariantStep;
import hiddenlayer.graph.Variant;
import hiddenlayer.tf1.gradients.GradientBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** bench's JSON from a hand-made result: no TensorFlow involved. */
class BenchJsonTest {
  /** Two variants measured; layer also on TF 1.15 and with the other builder. */
  static BenchResult result(boolean tf1) {
    Map<String, Double> matmul = new LinkedHashMap<>();
    matmul.put("2048x2048x2048", 100.0);
    matmul.put("train_step_matmuls", 50.0);
    Map<String, Double> startup = new LinkedHashMap<>();
    startup.put("jvm_to_main", 800.0);
    startup.put("native_load", 900.0);
    // The 784-512-512-10 MLP on 1000 images, no dX for the input layer: forward
    // 2*1000*(784*512 + 512*512 + 512*10) = 1,337,344,000 FLOPs, dW as many, dX of the upper two
    // layers 2*1000*(512*512 + 512*10) = 534,528,000.
    double flops = 2 * 1337344000.0 + 534528000.0;
    return new BenchResult(4, 30, "2.18.0", tf1, startup, matmul,
        new StepModel(GradientBuilder.TF1, flops, 8, 0, false),
        List.of(new VariantStep(Variant.LAYER, 40, flops / 40 / 1e6,
                tf1 ? OptionalDouble.of(80) : OptionalDouble.empty(),
                Optional.of(new Paired(44, 40, 70))),
            new VariantStep(Variant.BATCH_KERAS, 32.0, 100.0,
                tf1 ? OptionalDouble.of(48) : OptionalDouble.empty(), Optional.empty())),
        new StepModel(GradientBuilder.REGISTRY, 3.0e9, 8, 9, false), 140, 120,
        tf1 ? 150 : Double.NaN, new EndToEnd(new double[] {9, 11, 10}, new double[0],
            new double[0], new double[0]));
  }

  @Test
  void variantsAreNamedByTheirOneSpelling() {
    JsonObject o = JsonParser.parseString(BenchJson.of(result(true))).getAsJsonObject();
    assertEquals(List.of("layer", "batch-keras"),
        List.copyOf(o.getAsJsonObject("train_step_ms").keySet()));
    assertEquals(40.0, o.getAsJsonObject("train_step_ms").get("layer").getAsDouble());
    assertEquals(48.0, o.getAsJsonObject("train_step_ms_tf1").get("batch-keras").getAsDouble());
    JsonObject other = o.getAsJsonObject("other_gradient_builder");
    assertEquals("registry", other.get("gradients").getAsString());
    assertEquals(List.of("layer"), List.copyOf(other.getAsJsonObject("train_step_ms").keySet()));
    assertEquals(1.1, other.getAsJsonObject("train_step_ms_ratio").get("layer").getAsDouble(),
        1e-12);
    assertEquals(9, other.get("train_step_matmul_ops").getAsInt());
    assertEquals(8, other.get("train_step_matmul_ops_run").getAsInt());
  }

  @Test
  void keysInTheOrderUsersRead() {
    JsonObject o = JsonParser.parseString(BenchJson.of(result(true))).getAsJsonObject();
    assertEquals(List.of("threads", "matmul_gflops", "train_step_ms", "train_step_ms_tf1",
        "eval_round_ms_tf1", "train_gflops", "train_step_gflop", "train_step_matmul_ops",
        "gradients", "other_gradient_builder", "eval_round_ms", "eval_test_forward_ms",
        "efficiency", "efficiency_vs_2048", "startup_ms", "end_to_end_s", "versions", "reps"),
        List.copyOf(o.keySet()));
    assertEquals(3.209216, o.get("train_step_gflop").getAsDouble(), 1e-12);
    assertEquals(10.0, o.getAsJsonObject("end_to_end_s").get("in_process_median")
        .getAsDouble());
    assertEquals("1.15.0", o.getAsJsonObject("versions").get("runtime_tensorflow")
        .getAsString());
  }

  @Test
  void withoutTf1NoTf1Keys() {
    JsonObject o = JsonParser.parseString(BenchJson.of(result(false))).getAsJsonObject();
    assertFalse(o.has("train_step_ms_tf1"));
    assertFalse(o.has("eval_round_ms_tf1"));
    assertFalse(o.getAsJsonObject("versions").has("runtime_tensorflow"));
  }

  @Test
  void efficiencyRatesTheNotebooksStepByTheMatMuls() {
    BenchResult r = result(false);
    assertEquals(2.0, r.efficiency()); // 100 GFLOP/s against 50
    assertEquals(1.0, r.efficiency2048()); // against 100
    assertTrue(BenchJson.of(r).contains("\"efficiency\": 2.0"));
  }
}
