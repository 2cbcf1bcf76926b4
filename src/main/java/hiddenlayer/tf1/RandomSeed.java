package hiddenlayer.tf1;

/** TF 1.15's {@code framework/random_seed.py}: the seeds of a random op. */
public final class RandomSeed {
  private RandomSeed() {}

  /**
   * {@code random_seed.get_seed(op_seed=None)} with the graph seed set ({@code
   * tf.random.set_random_seed(graphSeed)}): {@code (graph_seed, graph._last_id)}, the op seed
   * being the id of the last op created (ids count the graph's ops from 1).
   */
  public static long[] getSeed(Tf1Scope graph, long graphSeed) {
    return new long[] {graphSeed, graph.creationOrder().lastId()};
  }
}
