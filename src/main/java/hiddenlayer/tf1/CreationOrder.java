package hiddenlayer.tf1;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.SizeTPointer;
import org.tensorflow.Graph;
import org.tensorflow.Operation;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.global.tensorflow;

/**
 * TF1's {@code op._id} and {@code graph._last_id}: each op's place in the order the graph's ops
 * were created, counting from 1. The graph lists its ops in that order ({@code
 * TF_GraphNextOperation}); the index remembers where its last walk stopped and goes on from there
 * only over the ops created since, so asking costs nothing for ops already seen.
 *
 * <p>It holds one native position; {@link #close()} frees it (or the garbage collector does).
 */
public final class CreationOrder implements AutoCloseable {
  private final Graph graph;
  private final Map<String, Integer> ids = new HashMap<>();
  private SizeTPointer position;
  private long lastReturned;

  CreationOrder(Graph graph) {
    this.graph = graph;
  }

  /** {@code graph._last_id}: the id of the last op created, the number of ops in the graph. */
  public int lastId() {
    catchUp();
    return ids.size();
  }

  /** {@code op._id}: 1 for the graph's first op. */
  public int id(Operation op) {
    Integer id = ids.get(op.name());
    if (id == null) {
      catchUp();
      id = ids.get(op.name());
      if (id == null) {
        throw new IllegalArgumentException("no op " + op.name() + " in this graph");
      }
    }
    return id;
  }

  /** {@code sorted(ops, key=lambda op: op._id)}. */
  public List<Operation> sorted(Collection<? extends Operation> ops) {
    List<Operation> r = new ArrayList<>(ops);
    r.sort(Comparator.comparingInt(this::id));
    return r;
  }

  /**
   * Indexes the ops created since the last walk. {@code TF_GraphNextOperation} steps past the
   * position it is given before it looks (past the source and sink nodes from 0), and leaves it
   * beyond the last node when no op is left: the walk then goes back to the last op it returned,
   * so the next walk starts with the first op created after it.
   */
  private void catchUp() {
    if (position == null) {
      position = new SizeTPointer(1).put(lastReturned);
    }
    TF_Graph handle = NativeGraph.handle(graph);
    for (TF_Operation op = tensorflow.TF_GraphNextOperation(handle, position);
        op != null && !op.isNull(); op = tensorflow.TF_GraphNextOperation(handle, position)) {
      ids.put(tensorflow.TF_OperationName(op).getString(), ids.size() + 1);
      lastReturned = position.get();
    }
    position.put(lastReturned);
  }

  @Override
  public void close() {
    if (position != null) {
      position.close();
      position = null;
    }
  }
}
