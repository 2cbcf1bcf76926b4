package hiddenlayer.graph;

import hiddenlayer.tf1.Operators;
import hiddenlayer.tf1.RefVariable;
import hiddenlayer.tf1.SoftmaxCrossEntropyWithLogits;
import hiddenlayer.tf1.Tf1Scope;
import hiddenlayer.tf1.Tf1Variable;
import hiddenlayer.tf1.checkpoint.Saver;
import hiddenlayer.tf1.train.AdamOptimizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.NoOp;
import org.tensorflow.op.core.OneHot;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.dtypes.Cast;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Add;
import org.tensorflow.op.math.ArgMax;
import org.tensorflow.op.math.Equal;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.math.Mul;
import org.tensorflow.op.math.NotEqual;
import org.tensorflow.op.math.RealDiv;
import org.tensorflow.op.math.Tanh;
import org.tensorflow.op.random.TruncatedNormal;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The graph that cells 1 to 4 of the notebook build, op for op, with TF1's names.
 *
 * <p>Read it beside the notebook: each {@code cellN...} method is one cell, in order. The graph
 * owns its {@link Graph}; close it when done.
 */
public final class NotebookGraph implements AutoCloseable {
  /** TF1's {@code tf.GraphKeys.UPDATE_OPS}. */
  public static final String UPDATE_OPS = "update_ops";

  private final GraphConfig config;
  private final Graph graph;
  private final Tf1Scope root;
  private final Map<String, List<Operation>> collections = new LinkedHashMap<>();

  // Cell 1
  private Placeholder<TFloat32> x;
  private Placeholder<TInt32> y;
  private final List<Tf1Variable> weights = new ArrayList<>();
  private final List<Tf1Variable> biases = new ArrayList<>();
  private final List<Long> seeds2 = new ArrayList<>();
  // Cell 2
  private Placeholder<TBool> training;
  // Cell 3
  private Operand<TFloat32> yHat;
  private final List<Tf1Variable> normalizationVariables = new ArrayList<>();
  private final List<BatchNormalization> batchNorms = new ArrayList<>();
  // Cell 4
  private Operand<TFloat32> loss;
  private Operand<TFloat64> accuracy;
  private NoOp trainOp;
  private NoOp init;
  private AdamOptimizer.Minimized minimized;
  private Saver saver;

  private NotebookGraph(GraphConfig config) {
    this.config = config;
    this.graph = new Graph();
    Tf1Scope scope = Tf1Scope.root(graph);
    this.root = config.device().isEmpty() ? scope : scope.withDevice(device(config.device()));
    collections.put(UPDATE_OPS, new ArrayList<>());
  }

  /** Builds the notebook's graph for {@code config}. */
  public static NotebookGraph build(GraphConfig config) {
    NotebookGraph g = new NotebookGraph(config);
    try {
      g.cell1PlaceholdersAndWeights();
      g.cell2TrainingFlag();
      g.cell3NormalizedLayers();
      g.cell4LossAccuracyAndTrainOp();
      return g;
    } catch (RuntimeException e) {
      g.close();
      throw e;
    }
  }

  /**
   * Cell 1: {@code x}, {@code y}, then per layer {@code tf.Variable(tf.random.truncated_normal(
   * [n_in, n_out], mean=0, stddev=sqrt(2/n_in)))} and {@code tf.Variable(tf.zeros([n_out]))}.
   */
  private void cell1PlaceholdersAndWeights() {
    List<Integer> units = config.units();
    x = Placeholder.create(root.withName("Placeholder"), TFloat32.class,
        Placeholder.shape(Shape.of(-1, units.get(0))));
    y = Placeholder.create(root.withName("Placeholder"), TInt32.class,
        Placeholder.shape(Shape.of(-1)));
    for (int i = 0; i + 1 < units.size(); i++) {
      int nIn = units.get(i);
      int nOut = units.get(i + 1);
      double stddev = Math.sqrt(2.0 / nIn); // Kaiming He initialization
      Operand<TFloat32> init = truncatedNormal(new int[] {nIn, nOut}, (float) stddev);
      weights.add(RefVariable.create(root, "Variable", true, s -> init));
      Operand<TFloat32> zeros = Constant.tensorOf(root.withName("zeros"), Shape.of(nOut),
          org.tensorflow.ndarray.buffer.DataBuffers.ofFloats(nOut));
      biases.add(RefVariable.create(root, "Variable", true, s -> zeros));
    }
  }

  /**
   * {@code tf.random.truncated_normal(shape, mean=0, stddev)}: Const shape, mean, stddev, then the
   * op seeds, then TruncatedNormal, mul and the add that takes the scope's name. With a graph
   * seed and no op seed, TF1 seeds the op with (graph seed, id of the last op created), and ids
   * count the graph's ops from 1: that is the number of ops in the graph at this point.
   */
  private Operand<TFloat32> truncatedNormal(int[] shape, float stddev) {
    Tf1Scope s = root.withSubScope("truncated_normal");
    Operand<TInt32> shapeTensor = Constant.vectorOf(s.withName("shape"), shape);
    Operand<TFloat32> mean = Constant.scalarOf(s.withName("mean"), 0f);
    Operand<TFloat32> std = Constant.scalarOf(s.withName("stddev"), stddev);
    long seed2 = operationCount();
    seeds2.add(seed2);
    Operand<TFloat32> rnd = TruncatedNormal.create(s.withName("TruncatedNormal"), shapeTensor,
        TFloat32.class, TruncatedNormal.seed(config.seed()), TruncatedNormal.seed2(seed2));
    Operand<TFloat32> mul = Mul.create(s.withName("mul"), rnd, std);
    return Add.create(s.exact(), mul, mean);
  }

  /** Cell 2: {@code training = tf.placeholder(tf.bool)}. */
  private void cell2TrainingFlag() {
    training = Placeholder.create(root.withName("Placeholder"), TBool.class);
  }

  /**
   * Cell 3: {@code layer = tf.matmul(layer, weight) + bias}, then for hidden layers the
   * normalisation and {@code tf.nn.tanh}; the last layer's output is {@code y_hat}.
   */
  private void cell3NormalizedLayers() {
    Operand<TFloat32> layer = x;
    for (int i = 0; i < weights.size(); i++) {
      layer = MatMul.create(root.withName("MatMul"), layer, weights.get(i).value(root));
      layer = Operators.add(root, layer, biases.get(i).value(root));
      if (i < weights.size() - 1) {
        layer = normalize(layer);
        layer = Tanh.create(root.withName("Tanh"), layer);
      }
    }
    yHat = layer;
  }

  private Operand<TFloat32> normalize(Operand<TFloat32> h) {
    switch (config.normalization()) {
      case BATCH -> {
        BatchNormalization bn = BatchNormalization.call(root, h, training);
        batchNorms.add(bn);
        normalizationVariables.addAll(bn.variables());
        if (config.bnUpdates() == BnUpdates.COLLECTED) {
          // What tf.layers.BatchNormalization adds in __call__; tf.keras's does not.
          bn.updates().forEach(u -> collections.get(UPDATE_OPS).add(u.op()));
        }
        return bn.output();
      }
      case LAYER -> {
        LayerNormalization ln = LayerNormalization.call(root, h);
        normalizationVariables.addAll(ln.variables());
        return ln.output();
      }
      default -> {
        return h;
      }
    }
  }

  /**
   * Cell 4: one-hot labels, softmax cross-entropy and its mean; accuracy as {@code
   * count_nonzero(cast(equal(argmax(y_hot, 1), argmax(y_hat, 1)), int64)) / batch size}
   * (int64 over int64: a float64); then {@code with tf.control_dependencies(UPDATE_OPS):
   * AdamOptimizer(lr).minimize(loss)}.
   */
  private void cell4LossAccuracyAndTrainOp() {
    // one_hot converts on_value and off_value first; depth is converted with the op's inputs.
    Tf1Scope oneHot = root.withSubScope("one_hot");
    Operand<TFloat32> on = Constant.scalarOf(oneHot.withName("on_value"), 1f);
    Operand<TFloat32> off = Constant.scalarOf(oneHot.withName("off_value"), 0f);
    Operand<TFloat32> yHot = OneHot.create(oneHot.exact(), y,
        Constant.scalarOf(oneHot.withName("depth"), config.units().get(config.units().size() - 1)),
        on, off);
    Operand<TFloat32> costs = SoftmaxCrossEntropyWithLogits.v2(root, yHot, yHat);
    // reduce_mean(costs): the reduction indices of a tensor of known rank are a Const made
    // before the op's scope.
    Operand<TInt32> allAxes = Constant.vectorOf(root.withName("Const"), new int[] {0});
    loss = Mean.create(root.withName("Mean"), costs, allAxes);

    Operand<TInt64> labels = argMax(yHot);
    Operand<TInt64> predictions = argMax(yHat);
    Operand<TInt64> correct = Cast.create(root.withName("Cast"),
        Equal.create(root.withName("Equal"), labels, predictions), TInt64.class);
    Tf1Scope count = root.withSubScope("count_nonzero");
    Operand<TInt64> nonzero = Sum.create(count.withName("Sum"),
        Cast.create(count.withName("Cast"), NotEqual.create(count.withName("NotEqual"), correct,
            Constant.scalarOf(count.withName("zeros"), 0L)), TInt64.class),
        Constant.vectorOf(count.withName("Const"), new int[] {0}));
    Operand<TInt32> shape = org.tensorflow.op.core.Shape.create(root.withName("Shape"), yHot);
    Tf1Scope slice = root.withSubScope("strided_slice");
    Operand<TInt32> batchSize = StridedSlice.create(slice.exact(), shape,
        Constant.vectorOf(slice.withName("stack"), new int[] {0}),
        Constant.vectorOf(slice.withName("stack"), new int[] {1}),
        Constant.vectorOf(slice.withName("stack"), new int[] {1}),
        StridedSlice.shrinkAxisMask(1L));
    Operand<TInt64> n = Cast.create(root.withName("Cast"), batchSize, TInt64.class);
    Tf1Scope truediv = root.withSubScope("truediv");
    accuracy = RealDiv.create(truediv.exact(),
        Cast.create(truediv.withName("Cast"), nonzero, TFloat64.class),
        Cast.create(truediv.withName("Cast"), n, TFloat64.class));

    List<Operation> extraOps = collections.get(UPDATE_OPS);
    minimized = AdamOptimizer.minimize(root, graph, loss, trainableVariables(),
        config.learningRate(), extraOps, config.gradients());
    trainOp = minimized.trainOp();

    // session.run(tf.global_variables_initializer())
    init = Tf1Variable.globalVariablesInitializer(root, globalVariables());
  }

  /** {@code tf.argmax(t, 1)}: {@code ArgMax/dimension} is converted inside the op's scope. */
  private Operand<TInt64> argMax(Operand<TFloat32> t) {
    Tf1Scope s = root.withSubScope("ArgMax");
    return ArgMax.create(s.exact(), t, Constant.scalarOf(s.withName("dimension"), 1));
  }

  private long operationCount() {
    return root.creationOrder().lastId();
  }

  private static DeviceSpec device(String spec) {
    String s = spec.startsWith("/") ? spec.substring(1) : spec;
    String[] parts = s.replace("device:", "").split(":");
    DeviceSpec.DeviceType type = DeviceSpec.DeviceType.valueOf(parts[0].toUpperCase());
    return DeviceSpec.newBuilder().deviceType(type)
        .deviceIndex(parts.length > 1 ? Integer.parseInt(parts[1]) : 0).build();
  }

  /** {@code tf.trainable_variables()}: W, b of each layer, then gamma, beta of each norm layer. */
  public List<Tf1Variable> trainableVariables() {
    List<Tf1Variable> all = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      all.add(weights.get(i));
      all.add(biases.get(i));
    }
    normalizationVariables.stream().filter(Tf1Variable::trainable).forEach(all::add);
    return all;
  }

  public GraphConfig config() {
    return config;
  }

  public Graph graph() {
    return graph;
  }

  public Placeholder<TFloat32> x() {
    return x;
  }

  public Placeholder<TInt32> y() {
    return y;
  }

  public Placeholder<TBool> training() {
    return training;
  }

  public Operand<TFloat32> yHat() {
    return yHat;
  }

  public Operand<TFloat32> loss() {
    return loss;
  }

  public Operand<TFloat64> accuracy() {
    return accuracy;
  }

  public NoOp trainOp() {
    return trainOp;
  }

  /** {@code tf.global_variables_initializer()}, the NoOp {@code init}. */
  public NoOp init() {
    return init;
  }

  /** {@code session.run(tf.global_variables_initializer())}. */
  public void initialize(Session session) {
    session.runner().addTarget(init).run().close();
  }

  public List<Tf1Variable> weights() {
    return Collections.unmodifiableList(weights);
  }

  public List<Tf1Variable> biases() {
    return Collections.unmodifiableList(biases);
  }

  /** The {@code seed2} of each TruncatedNormal, in layer order ((2020, 5), (2020, 18), ...). */
  public List<Long> truncatedNormalSeeds2() {
    return Collections.unmodifiableList(seeds2);
  }

  public List<BatchNormalization> batchNormalizations() {
    return Collections.unmodifiableList(batchNorms);
  }

  /** The normalisation layers' variables, trainable or not, in creation order. */
  public List<Tf1Variable> normalizationVariables() {
    return Collections.unmodifiableList(normalizationVariables);
  }

  /**
   * {@code tf.global_variables()}, in creation order: W, b of each layer, the normalisation
   * layers' variables (moving statistics included), then Adam's {@code beta1_power}, {@code
   * beta2_power} and slots. What {@code tf.train.Saver()} saves.
   */
  public List<Tf1Variable> globalVariables() {
    List<Tf1Variable> all = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      all.add(weights.get(i));
      all.add(biases.get(i));
    }
    all.addAll(normalizationVariables);
    all.addAll(minimized.variables());
    return all;
  }

  /**
   * {@code saver = tf.train.Saver()}, as a user adds it after cell 4: the {@code save/} ops
   * join the graph on the first call (so the graph of cells 1 to 4 is unchanged without it).
   */
  public Saver saver() {
    if (saver == null) {
      saver = Saver.build(root, globalVariables());
    }
    return saver;
  }

  /** The gradients the train op applies, in {@link #trainableVariables()} order. */
  public List<org.tensorflow.Output<TFloat32>> gradients() {
    return minimized.gradients();
  }

  /** A TF1 graph collection by key, e.g. {@link #UPDATE_OPS}. */
  public List<Operation> collection(String key) {
    return Collections.unmodifiableList(collections.getOrDefault(key, List.of()));
  }

  @Override
  public void close() {
    root.creationOrder().close();
    graph.close();
  }
}
