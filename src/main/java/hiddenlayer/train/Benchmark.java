package hiddenlayer.train;

import hiddenlayer.data.NotebookSplit;
import hiddenlayer.graph.NotebookGraph;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

/**
 * Measurements for {@code bench}: MatMul rates, the train step and eval round of the real
 * graph, with the same session configuration as {@link Trainer}. Times are in milliseconds.
 */
public final class Benchmark {
  private Benchmark() {}

  /** The analytic FLOPs of one train step of the 784-512-512-10 MLP on {@code n} images. */
  public static double trainStepFlops(int n, List<Integer> units, boolean firstLayerDx) {
    double forward = 0;
    double dx = 0;
    for (int i = 0; i + 1 < units.size(); i++) {
      double f = 2.0 * n * units.get(i) * units.get(i + 1);
      forward += f;
      if (i > 0 || firstLayerDx) {
        dx += f;
      }
    }
    return forward /* Y = XW */ + forward /* dW = X^T dY */ + dx /* dX = dY W^T */;
  }

  /** The median of {@code reps} timings of {@code body} after {@code warmup} untimed calls. */
  public static double medianMs(int warmup, int reps, Runnable body) {
    for (int i = 0; i < warmup; i++) {
      body.run();
    }
    double[] t = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      body.run();
      t[i] = (System.nanoTime() - t0) / 1e6;
    }
    return median(t);
  }

  /**
   * Medians of {@code a} and {@code b} timed alternately ({@code a, b, a, b, ...}, after {@code
   * warmup} untimed calls of each), so that both see the same load on a shared machine; the
   * ratio of the two is the measure to quote.
   */
  public static double[] medianMsAlternating(int warmup, int reps, Runnable a, Runnable b) {
    for (int i = 0; i < warmup; i++) {
      a.run();
      b.run();
    }
    double[] ta = new double[reps];
    double[] tb = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      a.run();
      long t1 = System.nanoTime();
      b.run();
      long t2 = System.nanoTime();
      ta[i] = (t1 - t0) / 1e6;
      tb[i] = (t2 - t1) / 1e6;
    }
    return new double[] {median(ta), median(tb)};
  }

  public static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /**
   * A graph of MatMuls on placeholders fed with tensors made once; run with every product as a
   * target (nothing fetched, nothing copied back). Each product is {m, k, n, transposeA,
   * transposeB}.
   */
  public static final class MatMulGraph implements AutoCloseable {
    private final Graph graph = new Graph();
    private final Session session;
    private final Map<Placeholder<TFloat32>, TFloat32> feeds = new HashMap<>();
    private final List<MatMul<TFloat32>> products = new java.util.ArrayList<>();
    private final double flops;

    public MatMulGraph(TrainConfig config, int[]... shapes) {
      try {
        flops = build(shapes);
        session = new Session(graph, Trainer.sessionConfig(config));
      } catch (RuntimeException e) {
        feeds.values().forEach(Tensor::close);
        graph.close();
        throw e;
      }
    }

    private double build(int[][] shapes) {
      Ops tf = Ops.create(graph);
      double f = 0;
      for (int[] s : shapes) {
        int m = s[0];
        int k = s[1];
        int n = s[2];
        boolean ta = s.length > 3 && s[3] != 0;
        boolean tb = s.length > 4 && s[4] != 0;
        Operand<TFloat32> a = input(tf, ta ? new long[] {k, m} : new long[] {m, k});
        Operand<TFloat32> b = input(tf, tb ? new long[] {n, k} : new long[] {k, n});
        products.add(tf.linalg.matMul(a, b, MatMul.transposeA(ta), MatMul.transposeB(tb)));
        f += 2.0 * m * n * k;
      }
      return f;
    }

    private Operand<TFloat32> input(Ops tf, long[] shape) {
      Placeholder<TFloat32> p = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(shape)));
      float[] values = new float[Math.toIntExact(shape[0] * shape[1])];
      for (int i = 0; i < values.length; i++) {
        values[i] = 0.001f * ((i % 97) + 1); // deterministic, non-zero, not denormal
      }
      TFloat32 t = TFloat32.tensorOf(Shape.of(shape),
          org.tensorflow.ndarray.buffer.DataBuffers.of(values, true, false));
      feeds.put(p, t);
      return p;
    }

    public double flops() {
      return flops;
    }

    public void run() {
      Session.Runner r = session.runner();
      feeds.forEach(r::feed);
      products.forEach(r::addTarget);
      try (Result ignored = r.run()) {
        // nothing fetched
      }
    }

    @Override
    public void close() {
      session.close();
      feeds.values().forEach(Tensor::close);
      graph.close();
    }
  }

  /**
   * The notebook's graph in a session of the config's runtime, opened as {@link Trainer} opens
   * it, ready for train steps and eval rounds.
   */
  public static final class Model implements AutoCloseable {
    private final TrainSession session;
    private final NotebookGraph graph;

    public Model(TrainConfig config, NotebookSplit data) {
      NotebookGraph[] built = new NotebookGraph[1];
      session = Trainer.open(config, () -> data, new Trainer.Listener() {
        @Override
        public void onGraph(NotebookGraph g) {
          built[0] = g;
        }
      });
      graph = built[0];
      try {
        session.initialize();
      } catch (RuntimeException e) {
        session.close();
        throw e;
      }
    }

    public NotebookGraph graph() {
      return graph;
    }

    /** One training step, exactly as {@link Trainer} runs it. */
    public void trainStep() {
      session.trainStep();
    }

    /**
     * Per op type, the summed time (ms) one train step spends in it, from TF's FULL_TRACE step
     * stats, a median-free mean over {@code reps} traced steps; sorted, largest first.
     */
    public java.util.LinkedHashMap<String, Double> profileTrainStep(int reps) {
      Map<String, Double> byType = new HashMap<>();
      InProcessSession inProcess = inProcess();
      Map<String, String> typeOf = typeOfOps();
      for (int i = 0; i < reps; i++) {
        for (var dev : inProcess.tracedTrainStep().getStepStats().getDevStatsList()) {
          for (var n : dev.getNodeStatsList()) {
            String name = n.getNodeName();
            int colon = name.indexOf(':');
            String type = typeOf.getOrDefault(colon < 0 ? name : name.substring(0, colon),
                n.getTimelineLabel().isEmpty() ? name : "(" + name + ")");
            byType.merge(type, n.getAllEndRelMicros() / 1000.0 / reps, Double::sum);
          }
        }
      }
      java.util.LinkedHashMap<String, Double> sorted = new java.util.LinkedHashMap<>();
      byType.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .forEach(e -> sorted.put(e.getKey(), e.getValue()));
      return sorted;
    }

    /**
     * The MatMul ops one traced train step really runs (after Grappler, which drops what only
     * control edges wait for), as opposed to {@link Benchmark#matMulsInTrainStep}, what the graph
     * asks for.
     */
    public int executedMatMulsInTrainStep() {
      InProcessSession inProcess = inProcess();
      Map<String, String> typeOf = typeOfOps();
      Set<String> ran = new HashSet<>();
      for (var dev : inProcess.tracedTrainStep().getStepStats().getDevStatsList()) {
        for (var n : dev.getNodeStatsList()) {
          if ("MatMul".equals(typeOf.get(n.getNodeName()))) {
            ran.add(n.getNodeName());
          }
        }
      }
      return ran.size();
    }

    /** The session as TF 2.18's, the only one whose step stats this JVM sees. */
    private InProcessSession inProcess() {
      if (!(session instanceof InProcessSession inProcess)) {
        throw new IllegalStateException("step stats are TF 2.18's only");
      }
      return inProcess;
    }

    /** Each op of the graph's type, by op name. */
    private Map<String, String> typeOfOps() {
      Map<String, String> typeOf = new HashMap<>();
      for (org.tensorflow.GraphOperation op : (Iterable<org.tensorflow.GraphOperation>)
          () -> graph.graph().operations()) {
        typeOf.put(op.name(), op.type());
      }
      return typeOf;
    }

    /** One evaluation round: train, valid and test loss and accuracy, as {@link Trainer}. */
    public double evalRound() {
      double s = 0;
      s += session.evaluate(TrainSession.Part.TRAIN).loss();
      s += session.evaluate(TrainSession.Part.VALID).loss();
      s += session.evaluate(TrainSession.Part.TEST).loss();
      return s;
    }

    /** The test set's forward pass alone. */
    public double evalTest() {
      return session.evaluate(TrainSession.Part.TEST).loss();
    }

    @Override
    public void close() {
      session.close();
    }
  }

  /**
   * The number of MatMul ops the train op depends on (forward and backward): 8 when TF computes
   * no gradient for the input placeholder, 9 if it did.
   */
  public static int matMulsInTrainStep(NotebookGraph g) {
    GraphDef def = g.graph().toGraphDef();
    Map<String, NodeDef> byName = new HashMap<>();
    for (NodeDef n : def.getNodeList()) {
      byName.put(n.getName(), n);
    }
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(g.trainOp().op().name());
    int count = 0;
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (!seen.add(name)) {
        continue;
      }
      NodeDef n = byName.get(name);
      if (n == null) {
        continue;
      }
      if (n.getOp().equals("MatMul")) {
        count++;
      }
      for (String in : n.getInputList()) {
        String s = in.startsWith("^") ? in.substring(1) : in;
        int colon = s.indexOf(':');
        todo.add(colon < 0 ? s : s.substring(0, colon));
      }
    }
    return count;
  }
}
