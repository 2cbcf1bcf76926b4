package hiddenlayer.tf1.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The global variables of the notebook's graphs under their TF1 names, with their shapes,
 * derived by hand from TF1's naming (src/site/markdown/TF1_SEMANTICS.md sections 2 to 5): {@code
 * tf.Variable} gives {@code Variable}, {@code Variable_1}, ... (W, b per layer); keras'
 * BatchNormalization {@code batch_normalization[_1]/gamma, beta, moving_mean, moving_variance};
 * contrib's layer_norm {@code LayerNorm[_1]/beta, gamma}; Adam's {@code beta1_power}, {@code
 * beta2_power} and, per trainable variable, slots {@code VAR/Adam} (m) and {@code VAR/Adam_1} (v).
 */
public final class CheckpointNames {
  private CheckpointNames() {}

  /** Name to shape for "batch", "layer" or "none", in no particular order. */
  public static Map<String, long[]> notebook(String norm) {
    Map<String, long[]> v = new LinkedHashMap<>();
    long[][] shapes = {{784, 512}, {512}, {512, 512}, {512}, {512, 10}, {10}};
    List<String> trainable = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String name = i == 0 ? "Variable" : "Variable_" + i;
      v.put(name, shapes[i]);
      trainable.add(name);
    }
    for (String layer : List.of("", "_1")) {
      if (norm.equals("batch")) {
        String s = "batch_normalization" + layer + "/";
        for (String n : List.of("gamma", "beta", "moving_mean", "moving_variance")) {
          v.put(s + n, new long[] {512});
        }
        trainable.add(s + "gamma");
        trainable.add(s + "beta");
      } else if (norm.equals("layer")) {
        String s = "LayerNorm" + layer + "/";
        for (String n : List.of("beta", "gamma")) {
          v.put(s + n, new long[] {512});
          trainable.add(s + n);
        }
      }
    }
    v.put("beta1_power", new long[0]);
    v.put("beta2_power", new long[0]);
    for (String t : trainable) {
      v.put(t + "/Adam", v.get(t));
      v.put(t + "/Adam_1", v.get(t));
    }
    return v;
  }
}
