package hiddenlayer.tf1.checkpoint;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a save to {@code PREFIX} that was killed leaves behind, and its removal by the next run
 * that holds the prefix's {@link CheckpointLock}. TF 1.15's {@code Saver} removes neither: it
 * deletes only the checkpoints it recorded itself ({@code _MaybeDeleteOldCheckpoints}).
 *
 * <ul>
 *   <li>Temporary files: {@code SaveV2}'s {@code BundleWriter} writes {@code
 *       PREFIX-N.data-00000-of-00001.tempstate<u64>} and {@code PREFIX-N.index.tempstate<u64>}
 *       ({@code "%s.tempstate%llu"}, a random 64-bit number) and renames them when done; a kill
 *       before the rename leaves them. Likewise {@code PREFIX-N.meta.tmp<32 hex digits>}, the
 *       meta graph on its way to {@code PREFIX-N.meta} ({@code atomic_write_string_to_file}).
 *   <li>An unlisted checkpoint: {@code PREFIX-N.index} and {@code PREFIX-N.data-*} (with its
 *       {@code PREFIX-N.meta}, if any; a {@code .meta} alone is no checkpoint) written, and
 *       the process killed before the {@code checkpoint} state file named it. It is removed only
 *       when the state file can be read, does not name it, and every file of it is not older than
 *       the state file: written after the last save that updated the list. A checkpoint that a
 *       later run left out of the list (the state file is rewritten by each run, and by each
 *       prefix in the directory) is older than the state file and is kept.
 * </ul>
 *
 * <p>Only names that are {@code PREFIX-<digits>} followed by exactly those suffixes are touched:
 * never another prefix's files, never a checkpoint the state file lists, never those in {@code
 * keep} (the checkpoint a run restores from).
 */
public final class SaveLeftovers {
  private static final String BUNDLE = "\\.(?:index|data-\\d{5}-of-\\d{5})";
  /** A checkpoint's files: the bundle's and the {@code .meta} {@code Saver.save} writes. */
  private static final String FILES = "\\.(?:index|data-\\d{5}-of-\\d{5}|meta)";

  private SaveLeftovers() {}

  /**
   * Removes the leftovers of killed saves to {@code prefix} and returns the files removed, by
   * name. The caller holds the prefix's lock, so that no live run is writing them.
   */
  public static List<Path> remove(String prefix, Collection<String> keep) {
    Path abs = Paths.get(prefix).toAbsolutePath().normalize();
    Path dir = abs.getParent();
    String base = Pattern.quote(abs.getFileName().toString());
    Pattern temp = Pattern.compile(base + "-\\d+" + BUNDLE + "\\.tempstate\\d+");
    Pattern metaTemp = Pattern.compile(base + "-\\d+\\.meta\\.tmp[0-9a-f]{32}");
    Pattern bundle = Pattern.compile("(" + base + "-\\d+)" + FILES);
    List<Path> removed = new ArrayList<>();
    Map<Path, List<Path>> checkpoints = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (temp.matcher(name).matches() || metaTemp.matcher(name).matches()) {
          delete(f, removed);
        } else {
          Matcher m = bundle.matcher(name);
          if (m.matches()) {
            checkpoints.computeIfAbsent(dir.resolve(m.group(1)), k -> new ArrayList<>()).add(f);
          }
        }
      }
    } catch (IOException e) {
      return removed; // no directory yet, or unreadable: the save says so
    }
    String saveDir = CheckpointState.dirname(prefix);
    Optional<Set<Path>> listed = CheckpointState.listed(saveDir);
    FileTime stateTime = modified(
        Paths.get(saveDir.isEmpty() ? "." : saveDir).resolve(CheckpointState.FILENAME));
    if (listed.isEmpty() || stateTime == null) {
      return removed;
    }
    Set<Path> kept = new java.util.HashSet<>(listed.get());
    keep.forEach(k -> kept.add(Paths.get(k).toAbsolutePath().normalize()));
    for (Map.Entry<Path, List<Path>> c : checkpoints.entrySet()) {
      boolean isBundle = c.getValue().stream()
          .anyMatch(f -> !f.getFileName().toString().endsWith(".meta"));
      if (kept.contains(c.getKey()) || !isBundle || !c.getValue().stream().allMatch(f -> {
        FileTime t = modified(f);
        return t != null && t.compareTo(stateTime) >= 0;
      })) {
        continue;
      }
      c.getValue().stream().sorted().forEach(f -> delete(f, removed));
    }
    removed.sort(null);
    return removed;
  }

  private static FileTime modified(Path f) {
    try {
      return Files.getLastModifiedTime(f);
    } catch (IOException e) {
      return null;
    }
  }

  private static void delete(Path f, List<Path> removed) {
    try {
      Files.delete(f);
      removed.add(f);
    } catch (NoSuchFileException e) {
      // gone already
    } catch (IOException e) {
      // as remove_checkpoint: ignored, and tried again by the next run
    }
  }
}
