package hiddenlayer.tf1.savedmodel;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;

/**
 * {@code tf.saved_model.builder.SavedModelBuilder} ({@code saved_model/builder_impl.py}) for one
 * meta graph with its variables: {@code SavedModelBuilder(export_dir)}, {@code
 * add_meta_graph_and_variables(sess, tags, signature_def_map)}, {@code save()}.
 *
 * <p>What Python writes: {@code saved_model.pb} (a {@code SavedModel} of {@code
 * saved_model_schema_version} 1 and the meta graph, tagged and with its signatures, {@code
 * _tag_and_add_meta_graph}) and {@code variables/variables.index} + {@code
 * variables/variables.data-00000-of-00001}, saved through the builder's own sharded Saver ({@code
 * saver.save(sess, variables_path, write_meta_graph=False, write_state=False)}). Python refuses an
 * export directory that exists and is not empty ({@code __init__}'s {@code AssertionError}), as
 * this does; it then writes into {@code export_dir} itself, so a failure halfway leaves a
 * half-written SavedModel. This writes everything into a temporary directory beside it ({@code
 * .NAME.tmp-*}, as Estimator's {@code export_utils.get_temp_export_dir} does with its {@code
 * temp-} directory) and renames that to {@code export_dir} only once all is written; any failure
 * removes the temporary directory and leaves {@code export_dir} as it was.
 */
public final class SavedModelBuilder implements AutoCloseable {
  /** {@code constants.SAVED_MODEL_SCHEMA_VERSION}. */
  public static final long SAVED_MODEL_SCHEMA_VERSION = 1;

  /** Where the bytes go; a test puts a full disk in its place. */
  public interface Io {
    /** Runs the variables' save ({@code SaveV2}, {@code MergeV2Checkpoints}). */
    default void saveVariables(Runnable save) {
      save.run();
    }

    /** Writes {@code file} whole. */
    default void write(Path file, byte[] bytes) throws IOException {
      Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
  }

  /** The default {@link Io}: TensorFlow's kernels and {@link Files#write}. */
  public static final Io FILES = new Io() {};

  /** How a meta graph's variables are saved into a prefix. */
  @FunctionalInterface
  public interface VariablesSaver {
    void save(String prefix);
  }

  private static final String VARIABLES_PREFIX = SavedModelFiles.VARIABLES_DIRECTORY + "/"
      + SavedModelFiles.VARIABLES_FILENAME;

  private final Path exportDir;
  private final Path temp;
  private final Io io;
  private final SavedModel.Builder savedModel = SavedModel.newBuilder()
      .setSavedModelSchemaVersion(SAVED_MODEL_SCHEMA_VERSION);
  private boolean saved;

  private SavedModelBuilder(Path exportDir, Path temp, Io io) {
    this.exportDir = exportDir;
    this.temp = temp;
    this.io = io;
  }

  /**
   * {@code SavedModelBuilder(export_dir)}: refuses a directory that exists and is not empty (or is
   * not a directory), and makes the temporary directory beside it.
   */
  public static SavedModelBuilder create(Path exportDir, Io io) {
    Path dir = exportDir.toAbsolutePath().normalize();
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new SavedModelException(exportDir + ": exists and is not a directory");
      }
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
        if (s.iterator().hasNext()) {
          throw new SavedModelException(exportDir + ": export directory already exists, and "
              + "isn't empty; choose another or empty it");
        }
      } catch (IOException e) {
        throw cannotWrite(exportDir, e);
      }
    }
    Path parent = dir.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new SavedModelException(exportDir + ": cannot be written ("
          + (parent != null && Files.exists(parent) ? parent + " is not a directory"
              : "no such directory: " + parent) + ")");
    }
    try {
      Path temp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".tmp-");
      return new SavedModelBuilder(exportDir, temp, io);
    } catch (IOException e) {
      throw cannotWrite(exportDir, e);
    }
  }

  /**
   * {@code add_meta_graph_and_variables}: saves the variables through {@code saver} into {@code
   * variables/variables} and adds {@code metaGraph} with {@code tags} and {@code signatures}.
   */
  public void addMetaGraphAndVariables(VariablesSaver saver, MetaGraphDef metaGraph,
      List<String> tags, Map<String, SignatureDef> signatures) {
    if (saved) {
      throw new IllegalStateException("Graph state including variables and assets has already "
          + "been saved. Please invoke `add_meta_graph()` instead.");
    }
    Path variables = temp.resolve(SavedModelFiles.VARIABLES_DIRECTORY);
    try {
      Files.createDirectory(variables);
    } catch (IOException e) {
      throw cannotWrite(exportDir, e);
    }
    String prefix = variables.resolve(SavedModelFiles.VARIABLES_FILENAME).toString();
    try {
      io.saveVariables(() -> saver.save(prefix));
    } catch (hiddenlayer.UserException | org.tensorflow.exceptions.TensorFlowException e) {
      // TensorFlow's SaveV2 or MergeV2Checkpoints failed, e.g. on a full disk
      String why = e.getMessage().strip().lines().findFirst().orElse("")
          .replace(prefix, VARIABLES_PREFIX).replace(temp.toString() + "/", "");
      throw new SavedModelException(exportDir + ": cannot write the variables (" + why + ")", e);
    }
    MetaGraphDef.Builder m = metaGraph.toBuilder();
    tags.forEach(t -> m.getMetaInfoDefBuilder().addTags(t));
    m.putAllSignatureDef(signatures);
    savedModel.addMetaGraphs(m);
    saved = true;
  }

  /**
   * {@code save(as_text=False)}: writes {@code saved_model.pb}, then renames the temporary
   * directory to the export directory (an empty one there is replaced). Returns the export
   * directory.
   */
  public Path save() {
    try {
      io.write(temp.resolve(SavedModelFiles.PB), bytes(savedModel.build()));
      Path dir = exportDir.toAbsolutePath().normalize();
      if (Files.isDirectory(dir)) {
        Files.delete(dir); // empty, as create() checked; a file put there since fails the move
      }
      Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
      return exportDir;
    } catch (IOException e) {
      throw cannotWrite(exportDir, e);
    }
  }

  /** Removes the temporary directory when {@link #save} did not move it into place. */
  @Override
  public void close() {
    if (!Files.exists(temp)) {
      return;
    }
    try (Stream<Path> files = Files.walk(temp)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // best effort: what cannot be removed stays under its .tmp- name
    }
  }

  /** {@code SerializeToString()}, map entries sorted by key: the same model, the same bytes. */
  private static byte[] bytes(SavedModel model) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(model.getSerializedSize());
    try {
      com.google.protobuf.CodedOutputStream out = com.google.protobuf.CodedOutputStream.newInstance(b);
      out.useDeterministicSerialization();
      model.writeTo(out);
      out.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  private static SavedModelException cannotWrite(Path exportDir, IOException e) {
    String why;
    if (e instanceof AccessDeniedException) {
      why = "permission denied";
    } else if (e instanceof NoSuchFileException n) {
      why = "no such file or directory: " + n.getFile();
    } else if (e instanceof NotDirectoryException n) {
      why = "not a directory: " + n.getFile();
    } else if (e instanceof FileSystemException f && f.getReason() != null) {
      why = f.getReason();
    } else {
      why = String.valueOf(e.getMessage());
    }
    return new SavedModelException(exportDir + ": cannot write the SavedModel (" + why + ")", e);
  }
}
