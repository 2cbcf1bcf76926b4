package hiddenlayer.tf1;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.VariableDef;

/**
 * What {@code tf.train.import_meta_graph(meta_graph_def)} of TF 1.15 gives a program, without an
 * import scope and before any session: the graph to import ({@code
 * framework/meta_graph.py import_scoped_meta_graph}: {@code importer.import_graph_def(graph_def,
 * name="")}), the collections it restores, the {@code variables} collection read back as
 * variables ({@code ops/variables.py}: {@code RefVariable._init_from_proto}, {@code
 * ResourceVariable._init_from_proto}: each {@code VariableDef}'s variable, initializer, snapshot
 * and initial value names and whether it is a resource) and the {@code saver_def} that {@code
 * training/saver.py _create_saver_from_imported_meta_graph} builds its {@code
 * Saver(saver_def=...)} from ({@code Saver.from_proto}).
 *
 * <p>{@link #globalVariablesInitializer()} is what {@code tf.global_variables_initializer()} runs
 * after the import: every global variable's {@code initializer}, so a file needs no {@code init}
 * op of its own. Names are checked against the graph as {@code Graph.as_graph_element} checks
 * them when a collection is restored: a name the graph lacks is a {@link MetaGraphException}.
 */
public final class MetaGraphImport {
  /** {@code tf.GraphKeys.GLOBAL_VARIABLES}. */
  public static final String GLOBAL_VARIABLES = "variables";
  /** {@code tf.GraphKeys.TRAINABLE_VARIABLES}. */
  public static final String TRAINABLE_VARIABLES = "trainable_variables";
  /** {@code tf.GraphKeys.TRAIN_OP}, where {@code Optimizer.apply_gradients} adds its op. */
  public static final String TRAIN_OP = "train_op";

  /**
   * A variable as {@code _init_from_proto} reads it from its {@code VariableDef}: tensor names
   * ({@code op:index}) except {@link #initializerName}, an op name; {@link #initialValueName} is
   * empty in files older than TF 1.0 wrote, as the proto allows.
   *
   * @param variableName {@code variable_name}: the {@code VariableV2} or {@code VarHandleOp}
   *     output ({@code Variable:0})
   * @param initializerName {@code initializer_name}: {@code var.initializer} ({@code
   *     Variable/Assign})
   * @param snapshotName {@code snapshot_name}: what {@code session.run(var)} fetches ({@code
   *     Variable/read:0})
   * @param initialValueName {@code initial_value_name}
   * @param isResource {@code is_resource}: a {@code ResourceVariable}
   * @param trainable {@code trainable}
   */
  public record Variable(String variableName, String initializerName, String snapshotName,
      String initialValueName, boolean isResource, boolean trainable) {
    /** {@code var.op.name}, the checkpoint key a default Saver uses: {@code Variable}. */
    public String opName() {
      return MetaGraphImport.opName(variableName);
    }
  }

  private final MetaGraphDef meta;
  private final Set<String> nodes = new HashSet<>();
  private final List<Variable> variables;

  private MetaGraphImport(MetaGraphDef meta) {
    this.meta = meta;
    for (NodeDef n : meta.getGraphDef().getNodeList()) {
      nodes.add(n.getName());
    }
    this.variables = readVariables();
  }

  /**
   * The import of {@code meta}, its {@code variables} collection read and its names checked.
   *
   * @throws MetaGraphException if a {@code VariableDef} does not parse, the collection is of
   *     another kind, or a name it holds is not a node of the graph
   */
  public static MetaGraphImport of(MetaGraphDef meta) {
    return new MetaGraphImport(meta);
  }

  /** The MetaGraphDef as it was read. */
  public MetaGraphDef metaGraphDef() {
    return meta;
  }

  /** The GraphDef {@code import_graph_def} imports. */
  public GraphDef graphDef() {
    return meta.getGraphDef();
  }

  /** Whether the graph has a node named {@code opName}. */
  public boolean hasNode(String opName) {
    return nodes.contains(opName);
  }

  /** {@code tf.global_variables()}: the {@code variables} collection, in its order. */
  public List<Variable> variables() {
    return variables;
  }

  /**
   * The op names {@code tf.global_variables_initializer()} groups: each global variable's {@code
   * initializer_name}, in the collection's order.
   */
  public List<String> globalVariablesInitializer() {
    return variables.stream().map(Variable::initializerName).toList();
  }

  /**
   * {@code tf.get_collection(key)} of a {@code node_list} collection (such as {@link
   * #TRAIN_OP}): its names as stored ({@code op} or {@code op:index}); empty when the file has
   * no such collection.
   *
   * @throws MetaGraphException if the collection is of another kind or names a node the graph
   *     lacks
   */
  public List<String> collectionNodes(String key) {
    CollectionDef c = meta.getCollectionDefMap().get(key);
    if (c == null) {
      return List.of();
    }
    if (c.getKindCase() != CollectionDef.KindCase.NODE_LIST) {
      throw new MetaGraphException("collection " + key + " is a " + kind(c)
          + ", not the node_list TF1 writes for it");
    }
    List<String> names = List.copyOf(c.getNodeList().getValueList());
    for (String name : names) {
      requireNode(name, "collection " + key);
    }
    return names;
  }

  /** The {@code saver_def}, if the file has one ({@code Saver.save} and {@code export_meta_graph} write it). */
  public Optional<SaverDef> saverDef() {
    return meta.hasSaverDef() ? Optional.of(meta.getSaverDef()) : Optional.empty();
  }

  /** {@code op} of a tensor name {@code op:index} (or {@code ^op}, or {@code op}). */
  public static String opName(String tensorName) {
    String s = tensorName.startsWith("^") ? tensorName.substring(1) : tensorName;
    int colon = s.lastIndexOf(':');
    return colon > 0 && s.substring(colon + 1).chars().allMatch(Character::isDigit)
        && colon < s.length() - 1 ? s.substring(0, colon) : s;
  }

  private List<Variable> readVariables() {
    CollectionDef c = meta.getCollectionDefMap().get(GLOBAL_VARIABLES);
    if (c == null) {
      return List.of();
    }
    if (c.getKindCase() != CollectionDef.KindCase.BYTES_LIST) {
      throw new MetaGraphException("collection " + GLOBAL_VARIABLES + " is a " + kind(c)
          + ", not the bytes_list of VariableDefs TF1 writes");
    }
    List<Variable> out = new ArrayList<>();
    int i = 0;
    for (ByteString bytes : c.getBytesList().getValueList()) {
      VariableDef def;
      try {
        def = VariableDef.parseFrom(bytes);
      } catch (InvalidProtocolBufferException e) {
        throw new MetaGraphException("collection " + GLOBAL_VARIABLES + ", entry " + i
            + ": not a VariableDef (" + e.getMessage() + ")", e);
      }
      String where = "variable " + def.getVariableName();
      requireNode(def.getVariableName(), where + " (variable_name)");
      requireNode(def.getInitializerName(), where + " (initializer_name)");
      requireNode(def.getSnapshotName(), where + " (snapshot_name)");
      if (!def.getInitialValueName().isEmpty()) {
        requireNode(def.getInitialValueName(), where + " (initial_value_name)");
      }
      out.add(new Variable(def.getVariableName(), def.getInitializerName(),
          def.getSnapshotName(), def.getInitialValueName(), def.getIsResource(),
          def.getTrainable()));
      i++;
    }
    return List.copyOf(out);
  }

  private void requireNode(String name, String where) {
    if (name.isEmpty() || !nodes.contains(opName(name))) {
      throw new MetaGraphException(where + " names "
          + (name.isEmpty() ? "no node" : "'" + name + "', which is not in the graph"));
    }
  }

  private static String kind(CollectionDef c) {
    return switch (c.getKindCase()) {
      case NODE_LIST -> "node_list";
      case BYTES_LIST -> "bytes_list";
      case INT64_LIST -> "int64_list";
      case FLOAT_LIST -> "float_list";
      case ANY_LIST -> "any_list";
      default -> "collection of no kind";
    };
  }
}
