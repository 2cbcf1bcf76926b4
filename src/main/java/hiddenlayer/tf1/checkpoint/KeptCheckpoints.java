package hiddenlayer.tf1.checkpoint;

import hiddenlayer.tf1.MetaGraphExport;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.FileSystemException;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.tensorflow.proto.MetaGraphDef;

/**
 * What {@code Saver.save} of TF 1.15 does around the save op itself: names the checkpoint {@code
 * PREFIX-STEP} ({@code global_step}), keeps the list of the last {@code max_to_keep} and deletes
 * the one that falls out ({@code _RecordLastCheckpoint}, {@code _MaybeDeleteOldCheckpoints}), and
 * writes the {@code checkpoint} state file ({@link CheckpointState}) and, with {@code
 * write_meta_graph=True}, {@code PREFIX-STEP.meta}. With {@code max_to_keep} 0 nothing is
 * recorded or deleted, as {@code _RecordLastCheckpoint} returns at once.
 */
final class KeptCheckpoints {
  private final int maxToKeep;
  private final List<String> lastCheckpoints = new ArrayList<>();

  KeptCheckpoints(int maxToKeep) {
    this.maxToKeep = maxToKeep;
  }

  /** {@code meta_graph_suffix}: {@code PREFIX-STEP.meta}. */
  static final String META_GRAPH_SUFFIX = "meta";

  /**
   * Runs the save of {@code savePath-globalStep}, then the bookkeeping and, unless {@code
   * metaGraph} is null, {@code export_meta_graph(meta_graph_filename(checkpoint_file))} ({@code
   * saver.py} lines 1195-1203); returns the prefix.
   *
   * @throws CheckpointException naming the {@code .meta} file when it cannot be written
   */
  String save(Saver.Runner runner, String savePath, long globalStep, MetaGraphDef metaGraph) {
    String checkpointFile = savePath + "-" + globalStep;
    String written = runner.save(checkpointFile);
    // _RecordLastCheckpoint, update_checkpoint_state_internal, _MaybeDeleteOldCheckpoints
    String dropped = null;
    if (maxToKeep > 0) {
      lastCheckpoints.remove(written);
      lastCheckpoints.add(written);
      dropped = lastCheckpoints.size() > maxToKeep ? lastCheckpoints.remove(0) : null;
    }
    CheckpointState.update(CheckpointState.dirname(savePath), written, lastCheckpoints);
    if (dropped != null) {
      removeCheckpoint(dropped);
    }
    if (metaGraph != null) {
      Path meta = Paths.get(checkpointFile + "." + META_GRAPH_SUFFIX);
      try {
        writeAtomically(meta, MetaGraphExport.toBytes(metaGraph));
      } catch (IOException e) {
        throw new CheckpointException(meta + ": cannot save the meta graph (" + reason(e) + ")",
            e);
      }
    }
    return written;
  }

  /**
   * {@code file_io.atomic_write_string_to_file} ({@code lib/io/file_io.py} lines 525-543): the
   * bytes go to {@code FILE.tmp<32 hex digits>} ({@code uuid4().hex}), renamed onto {@code
   * FILE}; the temporary file is deleted if the rename fails.
   */
  static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp"
        + UUID.randomUUID().toString().replace("-", ""));
    try {
      Files.write(temp, bytes);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // the failure reported is the write's
      }
      throw e;
    }
  }

  private static String reason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /**
   * {@code checkpoint_management.remove_checkpoint} for V2 ({@code
   * training/checkpoint_management.py} lines 446-467): the {@code .meta}, the index and the data
   * files.
   */
  private static void removeCheckpoint(String prefix) {
    Path p = Paths.get(prefix).toAbsolutePath();
    Path dir = p.getParent();
    String base = p.getFileName().toString();
    try {
      Files.deleteIfExists(dir.resolve(base + "." + META_GRAPH_SUFFIX));
    } catch (IOException e) {
      // Saver logs "Ignoring: ..." and goes on.
    }
    try {
      Files.deleteIfExists(dir.resolve(base + ".index"));
      try (DirectoryStream<Path> data = Files.newDirectoryStream(dir,
          f -> f.getFileName().toString().matches(
              java.util.regex.Pattern.quote(base) + "\\.data-\\d{5}-of-\\d{5}"))) {
        for (Path f : data) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException e) {
      // Saver logs "Ignoring: ..." and goes on.
    }
  }
}
