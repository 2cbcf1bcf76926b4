package hiddenlayer.graph;

import static hiddenlayer.tf1.GraphCollections.UPDATE_OPS;

import hiddenlayer.tf1.ArrayOps;
import hiddenlayer.tf1.GraphCollections;
import hiddenlayer.tf1.MathOps;
import hiddenlayer.tf1.MetaGraphExport;
import hiddenlayer.tf1.Operators;
import hiddenlayer.tf1.RandomOps;
import hiddenlayer.tf1.RefVariable;
import hiddenlayer.tf1.SoftmaxCrossEntropyWithLogits;
import hiddenlayer.tf1.Tf1Scope;
import hiddenlayer.tf1.Tf1Variable;
import hiddenlayer.tf1.checkpoint.Saver;
import hiddenlayer.tf1.train.AdamOptimizer;
import hiddenlayer.tf115.Tf115GraphDef;
import hiddenlayer.tf115.Tf115Ops;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.NoOp;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Tanh;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.OpList;
import org.tensorflow.proto.VersionDef;
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
  private final GraphConfig config;
  private final Graph graph;
  private final Tf1Scope root;
  private final GraphCollections collections;

  // Cell 1
  private Placeholder<TFloat32> x;
  private Placeholder<TInt32> y;
  private final List<Tf1Variable> weights = new ArrayList<>();
  private final List<Tf1Variable> biases = new ArrayList<>();
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
  private MetaGraphDef metaGraph;
  private boolean metaGraphWithSaver;

  private NotebookGraph(GraphConfig config) {
    this.config = config;
    this.graph = new Graph();
    Tf1Scope scope = Tf1Scope.root(graph);
    this.root = config.device().isEmpty() ? scope : scope.withDevice(device(config.device()));
    this.collections = root.collections();
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
    List<Integer> nUnits = config.units();
    x = ArrayOps.placeholder(root, TFloat32.class, Shape.of(-1, nUnits.get(0)));
    y = ArrayOps.placeholder(root, TInt32.class, Shape.of(-1));
    for (int i = 0; i + 1 < nUnits.size(); i++) {
      int nIn = nUnits.get(i);
      int nOut = nUnits.get(i + 1);
      float stddev = (float) Math.sqrt(2.0 / nIn); // Kaiming He initialization
      Operand<TFloat32> w =
          RandomOps.truncatedNormal(root, new int[] {nIn, nOut}, 0f, stddev, config.seed());
      weights.add(RefVariable.create(root, "Variable", true, s -> w));
      Operand<TFloat32> b = ArrayOps.zeros(root, Shape.of(nOut));
      biases.add(RefVariable.create(root, "Variable", true, s -> b));
    }
  }

  /** Cell 2: {@code training = tf.placeholder(tf.bool)}. */
  private void cell2TrainingFlag() {
    training = ArrayOps.placeholder(root, TBool.class);
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
          // What tf.layers.BatchNormalization adds in __call__ (layers/base.py: the layer's
          // updates, the Merge tensors); tf.keras's does not.
          bn.updates().forEach(u -> collections.add(UPDATE_OPS, u.output()));
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
   * Cell 4: one-hot labels, softmax cross-entropy and its mean; the accuracy (int64 over int64:
   * a float64); {@code with tf.control_dependencies(extra_ops): AdamOptimizer(lr).minimize(loss)};
   * then {@code tf.global_variables_initializer()}, which the notebook runs next.
   */
  private void cell4LossAccuracyAndTrainOp() {
    Operand<TFloat32> yHot = ArrayOps.oneHot(root, y, nClasses());
    Operand<TFloat32> costs = SoftmaxCrossEntropyWithLogits.v2(root, yHot, yHat);
    loss = MathOps.reduceMean(root, costs);

    Operand<TBool> equal =
        MathOps.equal(root, MathOps.argmax(root, yHot, 1), MathOps.argmax(root, yHat, 1));
    Operand<TInt64> correct = MathOps.countNonzero(root, MathOps.cast(root, equal, TInt64.class));
    Operand<TInt32> batchSize = ArrayOps.sliceHelper(root, ArrayOps.shape(root, yHot), 0);
    accuracy = MathOps.truediv(root, correct, MathOps.cast(root, batchSize, TInt64.class));

    List<Operation> extraOps = collections.getCollection(UPDATE_OPS);
    minimized = new AdamOptimizer(config.learningRate())
        .minimize(root, loss, trainableVariables(), extraOps, config.gradients());
    trainOp = minimized.trainOp();

    init = Tf1Variable.globalVariablesInitializer(root, globalVariables());
  }

  /** The width of the last layer, the number of classes (the notebook's 10). */
  private int nClasses() {
    return config.units().get(config.units().size() - 1);
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
    List<Long> seeds2 = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      String scope = i == 0 ? "truncated_normal" : "truncated_normal_" + i;
      seeds2.add(graph.operation(scope + "/TruncatedNormal").attributes().getAttrInt("seed2"));
    }
    return seeds2;
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
   * The root scope, for what a user adds to the graph after cell 4 (e.g. a SavedModel's {@code
   * tf.argmax(y_hat, 1)} and Saver).
   */
  public Tf1Scope root() {
    return root;
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

  /**
   * {@code tf.train.export_meta_graph()} of this graph as TF 1.15 writes it ({@link
   * MetaGraphExport}), with the Saver's {@code saver_def} once {@link #saver()} has built it
   * (what {@code Saver.save} writes to {@code PREFIX-N.meta}), without one before (cells 1 to
   * 4). TF 1.15's own OpDefs ({@link Tf115Ops#bundled()}) give the {@code stripped_op_list} and
   * decide which attributes of the TF 2.18 graph TF 1.15 lacks ({@link Tf115GraphDef#forTf115}),
   * so that TF 1.15 imports the {@code graph_def}, whose {@code versions} are TF 1.15's. Built
   * once per graph state.
   */
  public MetaGraphDef metaGraphDef() {
    return metaGraphDef(Tf115Ops.bundled());
  }

  /** As {@link #metaGraphDef()} with {@code tf115} as TF 1.15's registry (its runtime's). */
  public MetaGraphDef metaGraphDef(OpList tf115) {
    boolean withSaver = saver != null;
    if (metaGraph == null || metaGraphWithSaver != withSaver) {
      // versions as TF 1.15 writes them: producer 134, min_consumer 0
      GraphDef def = Tf115GraphDef.forTf115(MetaGraphExport.asGraphDef(graph), tf115)
          .toBuilder().setVersions(VersionDef.newBuilder()
              .setProducer(Tf115Ops.GRAPH_DEF_VERSION)).build();
      metaGraph = MetaGraphExport.of(graph).collections(collections)
          .saverDef(withSaver ? Saver.SAVER_DEF : null).graphDef(def).opRegistry(tf115)
          .build();
      metaGraphWithSaver = withSaver;
    }
    return metaGraph;
  }

  /** The gradients the train op applies, in {@link #trainableVariables()} order. */
  public List<org.tensorflow.Output<TFloat32>> gradients() {
    return minimized.gradients();
  }

  /** {@code tf.get_collection(key)}, e.g. {@link GraphCollections#UPDATE_OPS}. */
  public List<Operation> collection(String key) {
    return collections.getCollection(key);
  }

  /** The graph's collections, as {@code tf.train.export_meta_graph} writes them. */
  public GraphCollections collections() {
    return collections;
  }

  @Override
  public void close() {
    root.creationOrder().close();
    graph.close();
  }
}
