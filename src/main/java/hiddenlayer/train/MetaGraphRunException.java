package hiddenlayer.train;

import hiddenlayer.UserException;
import java.nio.file.Path;

/**
 * A MetaGraphDef that cell 5's loop cannot run: a tensor it needs is not in the graph, the file
 * has no {@code saver_def} for the checkpoints asked for, or TensorFlow refused to run the graph.
 * Carries the file and, for a missing tensor, which one, so that the command line can name the
 * option that sets it.
 */
public final class MetaGraphRunException extends UserException {
  /** Which of these it is. */
  public enum Kind { MISSING_TENSOR, NO_SAVER, FAILED }

  private final Kind kind;
  private final Path file;
  private final LoopTensors.Role role;
  private final String name;

  private MetaGraphRunException(Kind kind, Path file, LoopTensors.Role role, String name,
      String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.file = file;
    this.role = role;
    this.name = name;
  }

  /** {@code role}'s tensor {@code name} is not in {@code file}'s graph ({@code why} says more). */
  static MetaGraphRunException missing(Path file, LoopTensors.Role role, String name,
      String why) {
    return new MetaGraphRunException(Kind.MISSING_TENSOR, file, role, name, file + ": " + why,
        null);
  }

  static MetaGraphRunException noSaver(Path file) {
    return new MetaGraphRunException(Kind.NO_SAVER, file, null, null, file
        + ": has no saver_def, so its graph has no save or restore ops (Saver.save and "
        + "tf.train.export_meta_graph write one once a tf.train.Saver() exists)", null);
  }

  static MetaGraphRunException failed(Path file, String what, String tfMessage, Throwable cause) {
    return new MetaGraphRunException(Kind.FAILED, file, null, null, file + ": " + what
        + (tfMessage == null ? "" : " (" + tfMessage + ")"), cause);
  }

  public Kind kind() {
    return kind;
  }

  public Path file() {
    return file;
  }

  /** The role of the missing tensor; null unless {@link Kind#MISSING_TENSOR}. */
  public LoopTensors.Role role() {
    return role;
  }

  /** The name looked for; null unless {@link Kind#MISSING_TENSOR}. */
  public String name() {
    return name;
  }
}
