package hiddenlayer.tf1.checkpoint;

import hiddenlayer.UserFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  /**
   * The checkpoints the state file in {@code saveDir} names ({@code model_checkpoint_path} and
   * every {@code all_model_checkpoint_paths}) as absolute paths, a relative one joined to {@code
   * saveDir} as {@code get_checkpoint_state} does; empty when there is no state file or it is not
   * one this class could have written.
   */
  public static Optional<Set<Path>> listed(String saveDir) {
    Path file = Paths.get(saveDir.isEmpty() ? "." : saveDir).resolve(FILENAME);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      return Optional.empty();
    }
    Set<Path> paths = new HashSet<>();
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        return Optional.empty();
      }
      Optional<String> p = unescape(m.group(2));
      if (p.isEmpty()) {
        return Optional.empty();
      }
      Path path = Paths.get(p.get());
      paths.add((path.isAbsolute() ? path : Paths.get(saveDir.isEmpty() ? "." : saveDir)
          .resolve(path)).toAbsolutePath().normalize());
    }
    return Optional.of(paths);
  }

  private static final Pattern LINE =
      Pattern.compile("(model_checkpoint_path|all_model_checkpoint_paths): \"(.*)\"");

  /** The inverse of {@link #escape}; empty for text it could not have written. */
  static Optional<String> unescape(String s) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        return Optional.empty();
      }
      if (c != '\\') {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        b.write(bytes, 0, bytes.length);
        continue;
      }
      if (++i == s.length()) {
        return Optional.empty();
      }
      char e = s.charAt(i);
      switch (e) {
        case 't' -> b.write('\t');
        case 'n' -> b.write('\n');
        case 'r' -> b.write('\r');
        case '"', '\'', '\\' -> b.write(e);
        default -> {
          if (i + 3 > s.length() || !s.substring(i, i + 3).matches("[0-3][0-7][0-7]")) {
            return Optional.empty();
          }
          b.write(Integer.parseInt(s.substring(i, i + 3), 8));
          i += 2;
        }
      }
    }
    return Optional.of(b.toString(StandardCharsets.UTF_8));
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
