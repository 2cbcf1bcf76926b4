package hiddenlayer.tf1.checkpoint;

import hiddenlayer.UserFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code checkpoint} state file, as TF 1.15's {@code
 * checkpoint_management.update_checkpoint_state_internal} writes it: a {@code CheckpointState}
 * proto in text format ({@code text_format.MessageToString}), {@code model_checkpoint_path}
 * then one {@code all_model_checkpoint_paths} per kept checkpoint, oldest first, the newest
 * last. When the save directory is relative, the paths are relative to it ({@code
 * generate_checkpoint_state_proto}); when it is absolute, they stay absolute. The file is
 * replaced atomically ({@code atomic_write_string_to_file}). {@code tf.train.latest_checkpoint}
 * reads {@code model_checkpoint_path} from it.
 */
public final class CheckpointState {
  /** {@code latest_filename}'s default. */
  public static final String FILENAME = "checkpoint";

  private CheckpointState() {}

  /** {@code os.path.dirname(save_path)}: what precedes the last {@code /}, or "". */
  public static String dirname(String savePath) {
    int slash = savePath.lastIndexOf('/');
    return slash < 0 ? "" : savePath.substring(0, slash == 0 ? 1 : slash);
  }

  /** The text of the state file for checkpoints saved into {@code saveDir}. */
  public static String text(String saveDir, String modelCheckpointPath, List<String> all) {
    List<String> paths = new ArrayList<>(all);
    if (paths.isEmpty() || !paths.get(paths.size() - 1).equals(modelCheckpointPath)) {
      paths.add(modelCheckpointPath);
    }
    String model = relative(saveDir, modelCheckpointPath);
    StringBuilder b = new StringBuilder();
    b.append("model_checkpoint_path: \"").append(escape(model)).append("\"\n");
    for (String p : paths) {
      b.append("all_model_checkpoint_paths: \"").append(escape(relative(saveDir, p)))
          .append("\"\n");
    }
    return b.toString();
  }

  /** Writes {@code saveDir/checkpoint}. */
  public static void update(String saveDir, String modelCheckpointPath, List<String> all) {
    Path file = Paths.get(saveDir.isEmpty() ? "." : saveDir).resolve(FILENAME);
    byte[] bytes = text(saveDir, modelCheckpointPath, all).getBytes(StandardCharsets.UTF_8);
    UserFiles.writeAtomically(file, out -> out.write(bytes), CheckpointException::new);
  }

  /** {@code os.path.relpath(p, save_dir)} when save_dir is relative and p too; else p. */
  static String relative(String saveDir, String p) {
    if (Paths.get(saveDir).isAbsolute() || Paths.get(p).isAbsolute()) {
      return p;
    }
    Path base = Paths.get(saveDir.isEmpty() ? "." : saveDir).toAbsolutePath().normalize();
    return base.relativize(Paths.get(p).toAbsolutePath().normalize()).toString();
  }

  /**
   * protobuf's {@code text_encoding.CEscape(as_utf8=False)}: {@code \t \n \r \" \' \\} by
   * name, every other byte below 32 or above 126 (so every byte of a non-ASCII character) as
   * a three-digit octal escape.
   */
  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      switch (c) {
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '"' -> b.append("\\\"");
        case '\'' -> b.append("\\'");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 32 || c >= 127) {
            b.append(String.format("\\%03o", c));
          } else {
            b.append((char) c);
          }
        }
      }
    }
    return b.toString();
  }
}
