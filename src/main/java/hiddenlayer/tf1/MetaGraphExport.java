package hiddenlayer.tf1;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.OpList;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.TensorShapeProto;

/**
 * TF1's {@code tf.train.export_meta_graph} ({@code training/saver.py}), {@code
 * meta_graph.export_scoped_meta_graph} and {@code meta_graph.create_meta_graph_def} ({@code
 * framework/meta_graph.py}) without an export scope, {@code clear_devices}, {@code
 * clear_extraneous_savers} or {@code strip_default_attrs} (all off in {@code Saver.save}): what
 * {@code Saver.save} writes to {@code PREFIX-N.meta} and {@code Saver.export_meta_graph} returns.
 *
 * <ul>
 *   <li>{@code meta_info_def}: {@code tensorflow_version} and {@code tensorflow_git_version}
 *       ({@link #TENSORFLOW_VERSION}, {@link #TENSORFLOW_GIT_VERSION} unless set), and {@code
 *       stripped_op_list}: the OpDef of each op type the graph uses, sorted by name, from the
 *       given registry ({@link #strippedOpList}); no tags, no {@code any_info}.
 *   <li>{@code graph_def}: {@code graph.as_graph_def(add_shapes=True)} ({@link #asGraphDef})
 *       unless one is given (as {@code Saver.export_meta_graph} passes its own).
 *   <li>{@code saver_def} if a Saver's is given.
 *   <li>{@code collection_def}: each collection of the graph that has items ({@code
 *       add_collection_def}): variable collections as {@code VariableDef}s and {@code
 *       cond_context} as {@code CondContextDef}s in a {@code bytes_list} (the proto functions
 *       TF registers for those keys); otherwise the kind of the first item decides: ops and
 *       tensors a {@code node_list} of their names, strings a {@code bytes_list}, integers an
 *       {@code int64_list}, floats a {@code float_list}.
 * </ul>
 *
 * <p>Use: {@code MetaGraphExport.of(graph).collections(c).saverDef(s).build()}.
 */
public final class MetaGraphExport {
  /**
   * {@code tf.version.VERSION} of TF 1.15.0, written unless {@link #versions} says otherwise: the
   * files are for TF 1.15 readers (and TF 1.15's loaders read any version string).
   */
  public static final String TENSORFLOW_VERSION = "1.15.0";
  /** {@code tf.version.GIT_VERSION} of the TF 1.15.0 release (commit 590d6eef). */
  public static final String TENSORFLOW_GIT_VERSION = "v1.15.0-rc3-22-g590d6ee";

  /**
   * The collection keys whose items TF 1.15 writes through a registered {@code to_proto} as a
   * {@code VariableDef} ({@code resource_variable_ops.py} lines 1899-1932).
   */
  private static final List<String> VARIABLE_KEYS = List.of("variables", "trainable_variables",
      "moving_average_variables", "local_variables", "model_variables", "global_step",
      "metric_variables");

  private final Graph graph;
  private GraphCollections collections = new GraphCollections();
  private SaverDef saverDef;
  private GraphDef graphDef;
  private OpList registry;
  private String version = TENSORFLOW_VERSION;
  private String gitVersion = TENSORFLOW_GIT_VERSION;

  private MetaGraphExport(Graph graph) {
    this.graph = graph;
  }

  /** An export of {@code graph}; nothing is read from it before {@link #build}. */
  public static MetaGraphExport of(Graph graph) {
    return new MetaGraphExport(graph);
  }

  /** The graph's collections ({@link Tf1Scope#collections()}); none if not set. */
  public MetaGraphExport collections(GraphCollections c) {
    this.collections = c;
    return this;
  }

  /** {@code saver_def=saver.saver_def}; none (no Saver) if not set or null. */
  public MetaGraphExport saverDef(SaverDef def) {
    this.saverDef = def;
    return this;
  }

  /**
   * The {@code graph_def} to write instead of {@link #asGraphDef(Graph)} of the graph, e.g. that
   * graph made readable by TF 1.15.
   */
  public MetaGraphExport graphDef(GraphDef def) {
    this.graphDef = def;
    return this;
  }

  /**
   * The op registry {@code stripped_op_list} is taken from ({@code
   * op_def_registry.get_registered_ops()}); this JVM's TensorFlow's if not set.
   */
  public MetaGraphExport opRegistry(OpList ops) {
    this.registry = ops;
    return this;
  }

  /** {@code meta_info_def.tensorflow_version} and {@code tensorflow_git_version}. */
  public MetaGraphExport versions(String tensorflowVersion, String tensorflowGitVersion) {
    this.version = tensorflowVersion;
    this.gitVersion = tensorflowGitVersion;
    return this;
  }

  /** {@code create_meta_graph_def(...)}: the MetaGraphDef. */
  public MetaGraphDef build() {
    GraphDef def = graphDef != null ? graphDef : asGraphDef(graph);
    MetaGraphDef.Builder meta = MetaGraphDef.newBuilder();
    meta.getMetaInfoDefBuilder()
        .setStrippedOpList(strippedOpList(def,
            registry != null ? registry : TensorFlow.registeredOpList()))
        .setTensorflowVersion(version)
        .setTensorflowGitVersion(gitVersion);
    meta.setGraphDef(def);
    if (saverDef != null) {
      meta.setSaverDef(saverDef);
    }
    for (String key : collections.keys()) {
      CollectionDef c = collectionDef(key, collections.items(key));
      if (c != null) {
        meta.putCollectionDef(key, c);
      }
    }
    return meta.build();
  }

  /**
   * {@code graph.as_graph_def(add_shapes=True)} ({@code framework/ops.py} lines 3171-3176): the
   * GraphDef with an {@code _output_shapes} list on each node that has outputs, each output's
   * static shape ({@code output.get_shape().as_proto()}: -1 for an unknown dimension, {@code
   * unknown_rank} for an unknown rank).
   */
  public static GraphDef asGraphDef(Graph graph) {
    GraphDef plain = graph.toGraphDef();
    GraphDef.Builder out = plain.toBuilder().clearNode();
    for (NodeDef node : plain.getNodeList()) {
      GraphOperation op = graph.operation(node.getName());
      if (op == null || op.numOutputs() == 0) {
        out.addNode(node);
        continue;
      }
      AttrValue.ListValue.Builder shapes = AttrValue.ListValue.newBuilder();
      for (int i = 0; i < op.numOutputs(); i++) {
        shapes.addShape(shapeProto(op.output(i).shape()));
      }
      out.addNode(node.toBuilder()
          .putAttr("_output_shapes", AttrValue.newBuilder().setList(shapes).build()));
    }
    return out.build();
  }

  /** {@code TensorShape.as_proto()}. */
  static TensorShapeProto shapeProto(Shape s) {
    TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
    if (s.isUnknown()) {
      return b.setUnknownRank(true).build();
    }
    for (long d : s.asArray()) {
      b.addDim(TensorShapeProto.Dim.newBuilder().setSize(d < 0 ? -1 : d));
    }
    return b.build();
  }

  /**
   * {@code meta_graph.stripped_op_list_for_graph(graph_def)} ({@code framework/meta_graph.py}
   * lines 174-209): the registered OpDef of each op type the graph's nodes use, sorted by name,
   * as registered (default values kept). An op the registry lacks is an error.
   *
   * @throws IllegalArgumentException for an op type {@code registry} does not hold
   */
  public static OpList strippedOpList(GraphDef def, OpList registry) {
    Map<String, OpDef> byName = new HashMap<>();
    registry.getOpList().forEach(op -> byName.put(op.getName(), op));
    TreeSet<String> used = new TreeSet<>();
    def.getNodeList().forEach(n -> used.add(n.getOp()));
    OpList.Builder out = OpList.newBuilder();
    for (String op : used) {
      OpDef d = byName.get(op);
      if (d == null) {
        throw new IllegalArgumentException(
            "Op " + op + " is used by the graph, but is not registered");
      }
      out.addOp(d);
    }
    return out.build();
  }

  /**
   * {@code add_collection_def(meta_graph_def, key)} ({@code framework/meta_graph.py} lines
   * 380-450) for one collection: null for an empty one (TF writes none).
   */
  static CollectionDef collectionDef(String key, List<Object> items) {
    if (items.isEmpty()) {
      return null;
    }
    CollectionDef.Builder c = CollectionDef.newBuilder();
    if (VARIABLE_KEYS.contains(key) || key.equals(GraphCollections.COND_CONTEXT)) {
      CollectionDef.BytesList.Builder bytes = CollectionDef.BytesList.newBuilder();
      for (Object item : items) {
        com.google.protobuf.Message proto;
        if (item instanceof Tf1Variable v && !key.equals(GraphCollections.COND_CONTEXT)) {
          proto = v.toProto();
        } else if (item instanceof Cond.Branch b && key.equals(GraphCollections.COND_CONTEXT)) {
          proto = b.toProto();
        } else {
          throw new IllegalArgumentException("collection " + key
              + " holds an item TF1 cannot write there: " + item);
        }
        bytes.addValue(proto.toByteString());
      }
      return c.setBytesList(bytes).build();
    }
    // _get_kind_name(collection_list[0]) (lines 212-232) decides the kind.
    Object first = items.get(0);
    if (first instanceof String) {
      CollectionDef.BytesList.Builder bytes = CollectionDef.BytesList.newBuilder();
      items.forEach(x -> bytes.addValue(ByteString.copyFromUtf8((String) x)));
      return c.setBytesList(bytes).build();
    }
    if (first instanceof Long || first instanceof Integer) {
      CollectionDef.Int64List.Builder ints = CollectionDef.Int64List.newBuilder();
      items.forEach(x -> ints.addValue(((Number) x).longValue()));
      return c.setInt64List(ints).build();
    }
    if (first instanceof Float || first instanceof Double) {
      CollectionDef.FloatList.Builder floats = CollectionDef.FloatList.newBuilder();
      items.forEach(x -> floats.addValue(((Number) x).floatValue()));
      return c.setFloatList(floats).build();
    }
    CollectionDef.NodeList.Builder nodes = CollectionDef.NodeList.newBuilder();
    for (Object x : items) {
      nodes.addValue(nodeName(key, x));
    }
    return c.setNodeList(nodes).build();
  }

  /** {@code x.name}: an op's name, a tensor's {@code op:index}. */
  private static String nodeName(String key, Object x) {
    if (x instanceof Operation op) {
      return op.name();
    }
    if (x instanceof Output<?> t) {
      return t.name();
    }
    if (x instanceof Tf1Variable v) {
      return v.toProto().getVariableName();
    }
    throw new IllegalArgumentException("collection " + key + " holds an item TF1 cannot write: "
        + x);
  }

  /**
   * The bytes of a {@code .meta} file ({@code graph_io.write_graph(..., as_text=False)}),
   * serialized deterministically (map entries sorted by key), so that the same graph gives the
   * same bytes.
   */
  public static byte[] toBytes(MetaGraphDef meta) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(meta.getSerializedSize());
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.useDeterministicSerialization();
      meta.writeTo(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
