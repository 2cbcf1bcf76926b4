package hiddenlayer.train;

import hiddenlayer.graph.GraphConfig;

/**
 * Cell 5's loop settings, with the notebook's values as defaults.
 *
 * @param epochs {@code range(1, 1000 + 1)}
 * @param evalEvery {@code if epoch_idx % 10 == 0}
 * @param patience early stop when {@code max_valid_epoch_idx + patience < epoch_idx}
 * @param threads intra- and inter-op threads; 0 lets TensorFlow choose
 * @param gpu place the graph on {@code /GPU:0}
 * @param runtime the TensorFlow that runs the graph
 * @param metaGraph the graph of a MetaGraphDef file to run instead of building the notebook's
 *     from {@code graph}; null for the notebook's
 */
public record TrainConfig(GraphConfig graph, int epochs, int evalEvery, int patience,
    int threads, boolean gpu, TfRuntime runtime, MetaGraphModel metaGraph) {

  /** The notebook's graph, built from {@code graph}. */
  public TrainConfig(GraphConfig graph, int epochs, int evalEvery, int patience, int threads,
      boolean gpu, TfRuntime runtime) {
    this(graph, epochs, evalEvery, patience, threads, gpu, runtime, null);
  }

  /** On TF 2.18, this JVM's TensorFlow. */
  public TrainConfig(GraphConfig graph, int epochs, int evalEvery, int patience, int threads,
      boolean gpu) {
    this(graph, epochs, evalEvery, patience, threads, gpu, TfRuntime.TF2);
  }

  public static TrainConfig notebook() {
    return new TrainConfig(GraphConfig.notebook(), 1000, 10, 100, 0, false);
  }

  public TrainConfig withGraph(GraphConfig g) {
    return new TrainConfig(g, epochs, evalEvery, patience, threads, gpu, runtime, metaGraph);
  }

  public TrainConfig withEpochs(int e) {
    return new TrainConfig(graph, e, evalEvery, patience, threads, gpu, runtime, metaGraph);
  }

  public TrainConfig withPatience(int p) {
    return new TrainConfig(graph, epochs, evalEvery, p, threads, gpu, runtime, metaGraph);
  }

  public TrainConfig withRuntime(TfRuntime r) {
    return new TrainConfig(graph, epochs, evalEvery, patience, threads, gpu, r, metaGraph);
  }

  /** Runs {@code m}'s graph (null: the notebook's). */
  public TrainConfig withMetaGraph(MetaGraphModel m) {
    return new TrainConfig(graph, epochs, evalEvery, patience, threads, gpu, runtime, m);
  }
}
