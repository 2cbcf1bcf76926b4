package hiddenlayer.train;

import hiddenlayer.graph.GraphFileException;
import hiddenlayer.graph.GraphFiles;
import hiddenlayer.tf1.MetaGraphException;
import hiddenlayer.tf1.MetaGraphImport;
import hiddenlayer.tf1.checkpoint.ImportedSaver;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A MetaGraphDef file made ready for cell 5's loop, as a notebook user would after {@code
 * tf.train.import_meta_graph(FILE)}: the graph, the loop's tensors found by the names TF1 gives
 * them in the notebook's graph (or the names given for them), the train op from the {@code
 * train_op} collection, the initializers of the {@code variables} collection, and the Saver of
 * its {@code saver_def}. Read once, before the run; the sessions import {@link #graphDef()}.
 */
public final class MetaGraphModel {
  private final Path file;
  private final MetaGraphImport meta;
  private final LoopTensors tensors;
  private final Optional<ImportedSaver> saver;

  private MetaGraphModel(Path file, MetaGraphImport meta, LoopTensors tensors,
      Optional<ImportedSaver> saver) {
    this.file = file;
    this.meta = meta;
    this.tensors = tensors;
    this.saver = saver;
  }

  /**
   * Reads {@code file} ({@link GraphFiles#readMetaGraph}) and finds the loop's tensors: for each
   * role the name in {@code names}, else the notebook's.
   *
   * @throws GraphFileException for a file that is no MetaGraphDef or whose collections do not
   *     read back
   * @throws MetaGraphRunException for a tensor the graph lacks
   */
  public static MetaGraphModel read(Path file, Map<LoopTensors.Role, String> names) {
    MetaGraphImport meta;
    try {
      meta = MetaGraphImport.of(GraphFiles.readMetaGraph(file));
    } catch (MetaGraphException e) {
      throw new GraphFileException(file + ": " + e.getMessage(), e);
    }
    Map<LoopTensors.Role, String> found = new EnumMap<>(LoopTensors.Role.class);
    for (LoopTensors.Role role : LoopTensors.Role.values()) {
      String given = names.get(role);
      String name = given != null ? given
          : role == LoopTensors.Role.TRAIN_OP ? trainOp(file, meta) : role.notebookName();
      if (!meta.hasNode(MetaGraphImport.opName(name))) {
        throw MetaGraphRunException.missing(file, role, name, "the graph has no "
            + (role == LoopTensors.Role.TRAIN_OP ? "op " : "tensor ") + name + " for "
            + role.key() + (given == null ? " (its name in the notebook's graph)" : ""));
      }
      found.put(role, name);
    }
    LoopTensors tensors = LoopTensors.of(found, meta.globalVariablesInitializer());
    return new MetaGraphModel(file, meta, tensors, ImportedSaver.of(meta));
  }

  /** The one op of the {@code train_op} collection ({@code Optimizer.apply_gradients}'). */
  private static String trainOp(Path file, MetaGraphImport meta) {
    List<String> ops;
    try {
      ops = meta.collectionNodes(MetaGraphImport.TRAIN_OP);
    } catch (MetaGraphException e) {
      throw new GraphFileException(file + ": " + e.getMessage(), e);
    }
    if (ops.size() != 1) {
      throw MetaGraphRunException.missing(file, LoopTensors.Role.TRAIN_OP, null, ops.isEmpty()
          ? "the graph has no train_op collection to find the train op in "
              + "(Optimizer.minimize adds its op there)"
          : "the train_op collection holds " + ops.size() + " ops (" + String.join(", ", ops)
              + "); the loop runs one");
    }
    return ops.get(0);
  }

  public Path file() {
    return file;
  }

  /** The graph to import. */
  public org.tensorflow.proto.GraphDef graphDef() {
    return meta.graphDef();
  }

  public MetaGraphImport meta() {
    return meta;
  }

  /** The loop's names in this graph. */
  public LoopTensors tensors() {
    return tensors;
  }

  /** The Saver of the file's {@code saver_def}; a {@link MetaGraphRunException} if none. */
  public ImportedSaver saver() {
    return saver.orElseThrow(() -> MetaGraphRunException.noSaver(file));
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
