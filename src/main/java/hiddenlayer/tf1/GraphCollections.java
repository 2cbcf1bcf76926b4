package hiddenlayer.tf1;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operation;
import org.tensorflow.Output;

/**
 * A graph's collections ({@code framework/ops.py}: {@code Graph.add_to_collection}, {@code
 * Graph.get_collection}, {@code Graph.get_all_collection_keys}) and the keys these graphs use
 * ({@code ops.GraphKeys}). An item is what TF1 puts there: an {@link Operation} or an {@link
 * Output} (a tensor), a {@link Tf1Variable}, a cond's {@link Cond.Branch} (its {@code
 * CondContext}), or a plain value (a {@code String}, {@code Long} or {@code Float}); {@link
 * MetaGraphExport} writes each as TF1 does.
 */
public final class GraphCollections {
  /** {@code tf.GraphKeys.GLOBAL_VARIABLES}. */
  public static final String GLOBAL_VARIABLES = "variables";
  /** {@code tf.GraphKeys.TRAINABLE_VARIABLES}. */
  public static final String TRAINABLE_VARIABLES = "trainable_variables";
  /** {@code tf.GraphKeys.MODEL_VARIABLES}. */
  public static final String MODEL_VARIABLES = "model_variables";
  /** {@code tf.GraphKeys.UPDATE_OPS}. */
  public static final String UPDATE_OPS = "update_ops";
  /** {@code tf.GraphKeys.TRAIN_OP}. */
  public static final String TRAIN_OP = "train_op";
  /** {@code tf.GraphKeys.COND_CONTEXT}. */
  public static final String COND_CONTEXT = "cond_context";

  /** In the order the keys were first used, as Python's dict keeps them. */
  private final Map<String, List<Object>> collections = new LinkedHashMap<>();

  /** {@code tf.add_to_collection(key, op)}. */
  public void addToCollection(String key, Operation op) {
    add(key, op);
  }

  /** {@code tf.add_to_collection(key, value)} for any item this class describes. */
  public void add(String key, Object value) {
    collections.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
  }

  /** {@code tf.add_to_collections(keys, value)}. */
  public void add(List<String> keys, Object value) {
    keys.forEach(k -> add(k, value));
  }

  /**
   * {@code tf.get_collection(key)} as {@code tf.control_dependencies} takes it: the ops of its
   * items (a tensor's op), in the order they were added. Items of other kinds are left out.
   */
  public List<Operation> getCollection(String key) {
    List<Operation> ops = new ArrayList<>();
    for (Object item : collections.getOrDefault(key, List.of())) {
      if (item instanceof Operation op) {
        ops.add(op);
      } else if (item instanceof Output<?> t) {
        ops.add(t.op());
      }
    }
    return Collections.unmodifiableList(ops);
  }

  /** {@code tf.get_collection(key)}: its items in the order they were added (a copy, as TF's). */
  public List<Object> items(String key) {
    return Collections.unmodifiableList(new ArrayList<>(collections.getOrDefault(key, List.of())));
  }

  /** {@code graph.get_all_collection_keys()}, in the order they were first used. */
  public List<String> keys() {
    return List.copyOf(collections.keySet());
  }
}
