package hiddenlayer.tf1;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operation;

/**
 * A graph's collections ({@code framework/ops.py}: {@code Graph.add_to_collection}, {@code
 * Graph.get_collection}) and the key these graphs use ({@code ops.GraphKeys}).
 */
public final class GraphCollections {
  /** {@code tf.GraphKeys.UPDATE_OPS}. */
  public static final String UPDATE_OPS = "update_ops";

  private final Map<String, List<Operation>> collections = new HashMap<>();

  /** {@code tf.add_to_collection(key, op)}. */
  public void addToCollection(String key, Operation op) {
    collections.computeIfAbsent(key, k -> new ArrayList<>()).add(op);
  }

  /** {@code tf.get_collection(key)}: its ops in the order they were added (a copy, as TF's). */
  public List<Operation> getCollection(String key) {
    return Collections.unmodifiableList(
        new ArrayList<>(collections.getOrDefault(key, List.of())));
  }
}
