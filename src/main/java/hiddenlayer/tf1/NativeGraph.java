package hiddenlayer.tf1;

import java.lang.reflect.Field;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Graph;
import org.tensorflow.internal.c_api.TF_Graph;

/**
 * The C API handle of a TensorFlow Java {@link Graph}, for the three things TF1's Python does
 * through the C API that TensorFlow Java does not expose: rewiring an input ({@code
 * TF_UpdateEdge}, {@link Cond}), walking the ops from a remembered position ({@code
 * TF_GraphNextOperation}, {@link CreationOrder}) and refining a tensor's static shape ({@code
 * TF_GraphSetTensorShape}, {@link Tf1Graph#setShape}). TensorFlow Java keeps the handle private, so it
 * is read by reflection, here only.
 */
final class NativeGraph {
  private static final Field HANDLE;

  static {
    try {
      HANDLE = Graph.class.getDeclaredField("nativeHandle");
      HANDLE.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private NativeGraph() {}

  /** The graph's {@code TF_Graph}, valid while the graph is open. */
  static TF_Graph handle(ExecutionEnvironment graph) {
    try {
      return (TF_Graph) HANDLE.get(graph);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot reach the graph's native handle", e);
    }
  }
}
