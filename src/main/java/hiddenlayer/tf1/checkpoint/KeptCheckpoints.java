package hiddenlayer.tf1.checkpoint;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code Saver.save} of TF 1.15 does around the save op itself: names the checkpoint {@code
 * PREFIX-STEP} ({@code global_step}), keeps the list of the last {@code max_to_keep} and deletes
 * the one that falls out ({@code _RecordLastCheckpoint}, {@code _MaybeDeleteOldCheckpoints}), and
 * writes the {@code checkpoint} state file ({@link CheckpointState}). With {@code max_to_keep} 0
 * nothing is recorded or deleted, as {@code _RecordLastCheckpoint} returns at once.
 */
final class KeptCheckpoints {
  private final int maxToKeep;
  private final List<String> lastCheckpoints = new ArrayList<>();

  KeptCheckpoints(int maxToKeep) {
    this.maxToKeep = maxToKeep;
  }

  /** Runs the save of {@code savePath-globalStep}, then the bookkeeping; returns the prefix. */
  String save(Saver.Runner runner, String savePath, long globalStep) {
    String written = runner.save(savePath + "-" + globalStep);
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
    return written;
  }

  /** {@code checkpoint_management.remove_checkpoint} for V2: the index and the data files. */
  private static void removeCheckpoint(String prefix) {
    Path p = Paths.get(prefix).toAbsolutePath();
    Path dir = p.getParent();
    String base = p.getFileName().toString();
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
