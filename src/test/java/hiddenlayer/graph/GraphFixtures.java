package hiddenlayer.graph;

import hiddenlayer.tf1.Tf1Variable;
import hiddenlayer.reference.ReferenceMlp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/** Feeding, fetching and reference parameters shared by the graph tests. */
final class GraphFixtures {
  private GraphFixtures() {}

  /** Uniform in [-scale, scale], each value rounded to float32 so graph and reference agree. */
  static double[][] randomInputs(Random rnd, int rows, int cols, double scale) {
    double[][] x = new double[rows][cols];
    for (double[] row : x) {
      for (int j = 0; j < cols; j++) {
        row[j] = (float) (scale * (2 * rnd.nextDouble() - 1));
      }
    }
    return x;
  }

  /** Integer "pixels" 0..255, as the notebook feeds MNIST (never scaled). */
  static double[][] randomPixels(Random rnd, int rows, int cols) {
    double[][] x = new double[rows][cols];
    for (double[] row : x) {
      for (int j = 0; j < cols; j++) {
        row[j] = rnd.nextInt(256);
      }
    }
    return x;
  }

  static int[] randomLabels(Random rnd, int rows, int classes) {
    int[] y = new int[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = rnd.nextInt(classes);
    }
    return y;
  }

  static TFloat32 floats(double[][] x) {
    float[] flat = new float[x.length * x[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[0].length; j++) {
        flat[i * x[0].length + j] = (float) x[i][j];
      }
    }
    return TFloat32.tensorOf(Shape.of(x.length, x[0].length), DataBuffers.of(flat, true, false));
  }

  static TInt32 ints(int[] y) {
    return TInt32.tensorOf(Shape.of(y.length), DataBuffers.of(y.clone(), true, false));
  }

  /** A float tensor's values in row-major order, as float32 (exact). */
  static float[] floatValues(Tensor t) {
    TFloat32 f = (TFloat32) t;
    float[] out = new float[(int) f.shape().size()];
    f.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  /** A float32 or float64 tensor's values in row-major order, widened to double. */
  static double[] values(Tensor t) {
    if (t instanceof TFloat64 d) {
      double[] out = new double[(int) d.shape().size()];
      d.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
    float[] f = floatValues(t);
    double[] out = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = f[i];
    }
    return out;
  }

  static double[][] reshape(double[] flat, int cols) {
    double[][] out = new double[flat.length / cols][cols];
    for (int i = 0; i < out.length; i++) {
      System.arraycopy(flat, i * cols, out[i], 0, cols);
    }
    return out;
  }

  /**
   * One {@code session.run}: feeds x, y (if not null) and the training flag, fetches {@code
   * fetches}, runs {@code targets}; returns each fetched float32 value in row-major order.
   */
  static List<float[]> runFloats(Session s, NotebookGraph g, double[][] x, int[] y,
      boolean training, List<? extends Operand<?>> fetches, Operation... targets) {
    List<float[]> out = new ArrayList<>();
    try (Result r = run(s, g, x, y, training, fetches, targets)) {
      for (int i = 0; i < fetches.size(); i++) {
        out.add(floatValues(r.get(i)));
      }
    }
    return out;
  }

  /** Like {@link #runFloats}, widened to double (and float64 fetches kept exact). */
  static List<double[]> runValues(Session s, NotebookGraph g, double[][] x, int[] y,
      boolean training, List<? extends Operand<?>> fetches, Operation... targets) {
    List<double[]> out = new ArrayList<>();
    try (Result r = run(s, g, x, y, training, fetches, targets)) {
      for (int i = 0; i < fetches.size(); i++) {
        out.add(values(r.get(i)));
      }
    }
    return out;
  }

  private static Result run(Session s, NotebookGraph g, double[][] x, int[] y, boolean training,
      List<? extends Operand<?>> fetches, Operation... targets) {
    try (TFloat32 xt = x == null ? null : floats(x);
        TInt32 yt = y == null ? null : ints(y);
        TBool tt = TBool.scalarOf(training)) {
      Session.Runner runner = s.runner().feed(g.training(), tt);
      if (xt != null) {
        runner.feed(g.x(), xt);
      }
      if (yt != null) {
        runner.feed(g.y(), yt);
      }
      fetches.forEach(runner::fetch);
      for (Operation t : targets) {
        runner.addTarget(t);
      }
      return runner.run();
    }
  }

  /** A session on the graph with {@code session.run(tf.global_variables_initializer())} done. */
  static Session session(NotebookGraph g) {
    Session s = new Session(g.graph());
    try {
      g.initialize(s);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** What {@code session.run(var)} fetches for the global variable named {@code name}. */
  static Operand<?> variable(NotebookGraph g, String name) {
    return g.globalVariables().stream().filter(v -> v.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no variable " + name)).read();
  }

  /** Output 0 of the graph op named {@code name}. */
  static Operand<?> op(NotebookGraph g, String name) {
    return g.graph().operationOrThrow(name).output(0);
  }

  /** The graph's normalisation variables of the given kind ("gamma", "beta", ...), in layers. */
  static List<Tf1Variable> normVariables(NotebookGraph g, String kind) {
    return g.normalizationVariables().stream()
        .filter(v -> v.name().endsWith("/" + kind)).toList();
  }

  /**
   * The graph's current variables as reference parameters: weights and biases, then gamma,
   * beta (and for BN moving_mean, moving_variance) per normalisation layer, matched by name.
   */
  static ReferenceMlp.Params params(Session s, NotebookGraph g) {
    List<Tf1Variable> all = new ArrayList<>();
    all.addAll(g.weights());
    all.addAll(g.biases());
    List<String> kinds = List.of("gamma", "beta", "moving_mean", "moving_variance");
    for (String k : kinds) {
      all.addAll(normVariables(g, k));
    }
    List<double[]> v = runValues(s, g, null, null, false,
        all.stream().map(Tf1Variable::read).toList());
    List<Integer> units = g.config().units();
    int layers = units.size() - 1;
    List<double[][]> w = new ArrayList<>();
    List<double[]> b = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      w.add(reshape(v.get(i), units.get(i + 1)));
      b.add(v.get(layers + i));
    }
    List<List<double[]>> norm = new ArrayList<>();
    int k = 2 * layers;
    for (String kind : kinds) {
      List<double[]> list = new ArrayList<>();
      for (int i = 0; i < normVariables(g, kind).size(); i++) {
        list.add(v.get(k++));
      }
      norm.add(list);
    }
    return new ReferenceMlp.Params(w, b, norm.get(0), norm.get(1), norm.get(2), norm.get(3));
  }

  static ReferenceMlp.Norm norm(Normalization n) {
    return ReferenceMlp.Norm.valueOf(n.name());
  }

  static int[] sizes(NotebookGraph g) {
    return g.config().units().stream().mapToInt(Integer::intValue).toArray();
  }

  static double[] flatten(double[][] a) {
    double[] out = new double[a.length * a[0].length];
    for (int i = 0; i < a.length; i++) {
      System.arraycopy(a[i], 0, out, i * a[0].length, a[0].length);
    }
    return out;
  }

  static double maxAbs(double[] a) {
    double m = 0;
    for (double d : a) {
      m = Math.max(m, Math.abs(d));
    }
    return m;
  }
}
