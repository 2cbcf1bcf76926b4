package hiddenlayer.tf1.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What killed saves leave, made by hand as TF 1.15 names it: {@code BundleWriter}'s temporary
 * files {@code StrCat(DataFilename(prefix, 0, 1), ".tempstate", random::New64())} and {@code
 * StrCat(MetaFilename(prefix), ".tempstate", random::New64())} (tensor_bundle.cc), and whole
 * checkpoints the {@code checkpoint} state file does not list.
 */
class SaveLeftoversTest {
  private static final Instant STATE_WRITTEN = Instant.parse("2026-01-01T12:00:00Z");
  private static final Instant BEFORE = STATE_WRITTEN.minusSeconds(60);
  private static final Instant AFTER = STATE_WRITTEN.plusSeconds(60);

  /** A V2 checkpoint's two files, last modified at {@code time}. */
  private static void checkpoint(Path dir, String prefix, Instant time) throws IOException {
    file(dir, prefix + ".index", time);
    file(dir, prefix + ".data-00000-of-00001", time);
  }

  private static void file(Path dir, String name, Instant time) throws IOException {
    Path f = Files.writeString(dir.resolve(name), name);
    Files.setLastModifiedTime(f, FileTime.from(time));
  }

  /** The state file as {@link CheckpointState#update} writes it, listing {@code listed}. */
  private static void state(Path dir, String... listed) throws IOException {
    List<String> all = new ArrayList<>();
    for (String p : listed) {
      all.add(dir.resolve(p).toString());
    }
    CheckpointState.update(dir.toString(), all.get(all.size() - 1), all);
    Files.setLastModifiedTime(dir.resolve("checkpoint"), FileTime.from(STATE_WRITTEN));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static List<String> remove(Path dir, String prefix, String... keep) {
    return SaveLeftovers.remove(dir.resolve(prefix).toString(),
            Stream.of(keep).map(k -> dir.resolve(k).toString()).toList())
        .stream().map(p -> p.getFileName().toString()).toList();
  }

  @Test
  void temporaryFilesOfAKilledSaveV2AreRemoved(@TempDir Path dir) throws IOException {
    checkpoint(dir, "nb-0", BEFORE);
    state(dir, "nb-0");
    file(dir, "nb-30.data-00000-of-00001.tempstate15276048934218371829", AFTER);
    file(dir, "nb-30.index.tempstate4213", AFTER);
    assertEquals(List.of("nb-30.data-00000-of-00001.tempstate15276048934218371829",
        "nb-30.index.tempstate4213"), remove(dir, "nb"));
    assertEquals(List.of("checkpoint", "nb-0.data-00000-of-00001", "nb-0.index"), names(dir));
  }

  /**
   * {@code file_io.atomic_write_string_to_file} (lib/io/file_io.py lines 537-543) writes {@code
   * FILE.tmp + uuid4().hex} (32 hex digits) and renames it: a kill in between leaves it.
   */
  @Test
  void theTemporaryMetaGraphOfAKilledSaveIsRemoved(@TempDir Path dir) throws IOException {
    checkpoint(dir, "nb-0", BEFORE);
    state(dir, "nb-0");
    file(dir, "nb-0.meta.tmp0123456789abcdef0123456789abcdef", AFTER);
    file(dir, "nb-0.meta.tmp0123", AFTER); // not 32 digits: not Saver's
    assertEquals(List.of("nb-0.meta.tmp0123456789abcdef0123456789abcdef"), remove(dir, "nb"));
    assertEquals(List.of("checkpoint", "nb-0.data-00000-of-00001", "nb-0.index",
        "nb-0.meta.tmp0123"), names(dir));
  }

  @Test
  void anUnlistedCheckpointGoesWithItsMetaGraph(@TempDir Path dir) throws IOException {
    checkpoint(dir, "nb-0", BEFORE);
    file(dir, "nb-0.meta", BEFORE);
    state(dir, "nb-0");
    checkpoint(dir, "nb-20", AFTER);
    file(dir, "nb-20.meta", AFTER);
    assertEquals(List.of("nb-20.data-00000-of-00001", "nb-20.index", "nb-20.meta"),
        remove(dir, "nb"));
    assertEquals(List.of("checkpoint", "nb-0.data-00000-of-00001", "nb-0.index", "nb-0.meta"),
        names(dir));
  }

  @Test
  void aCheckpointWrittenAfterTheLastStateUpdateAndNotListedIsRemoved(@TempDir Path dir)
      throws IOException {
    checkpoint(dir, "nb-0", BEFORE);
    checkpoint(dir, "nb-10", BEFORE);
    state(dir, "nb-0", "nb-10");
    checkpoint(dir, "nb-20", AFTER); // killed before the state file named it
    assertEquals(List.of("nb-20.data-00000-of-00001", "nb-20.index"), remove(dir, "nb"));
    assertEquals(List.of("checkpoint", "nb-0.data-00000-of-00001", "nb-0.index",
        "nb-10.data-00000-of-00001", "nb-10.index"), names(dir));
  }

  @Test
  void listedCheckpointsAreKeptWhateverTheirTime(@TempDir Path dir) throws IOException {
    checkpoint(dir, "nb-0", AFTER);
    state(dir, "nb-0");
    assertEquals(List.of(), remove(dir, "nb"));
    assertEquals(List.of("checkpoint", "nb-0.data-00000-of-00001", "nb-0.index"), names(dir));
  }

  @Test
  void aCheckpointALaterStateUpdateLeftOutIsKept(@TempDir Path dir) throws IOException {
    checkpoint(dir, "nb-50", BEFORE); // a finished run's; the next run's list lacks it
    checkpoint(dir, "nb-0", BEFORE);
    state(dir, "nb-0");
    assertEquals(List.of(), remove(dir, "nb"));
    assertEquals(5, names(dir).size());
  }

  @Test
  void theCheckpointTheRunRestoresFromIsKept(@TempDir Path dir) throws IOException {
    checkpoint(dir, "nb-0", BEFORE);
    state(dir, "nb-0");
    checkpoint(dir, "nb-20", AFTER);
    assertEquals(List.of(), remove(dir, "nb", "nb-20"));
    assertEquals(5, names(dir).size());
  }

  @Test
  void withoutAStateFileOnlyTemporaryFilesAreRemoved(@TempDir Path dir) throws IOException {
    checkpoint(dir, "nb-0", AFTER);
    file(dir, "nb-0.index.tempstate99", AFTER);
    assertEquals(List.of("nb-0.index.tempstate99"), remove(dir, "nb"));
    assertEquals(List.of("nb-0.data-00000-of-00001", "nb-0.index"), names(dir));
  }

  @Test
  void aStateFileThatIsNotOneSaverWritesRemovesNoCheckpoint(@TempDir Path dir)
      throws IOException {
    checkpoint(dir, "nb-20", AFTER);
    file(dir, "checkpoint", BEFORE); // "checkpoint": not a CheckpointState text
    assertEquals(List.of(), remove(dir, "nb"));
  }

  @Test
  void anotherPrefixsFilesSurvive(@TempDir Path dir) throws IOException {
    checkpoint(dir, "nb-0", BEFORE);
    state(dir, "nb-0");
    List<String> others = List.of(
        "other-20.index", "other-20.data-00000-of-00001",
        "other-20.index.tempstate7", "other-20.data-00000-of-00001.tempstate7",
        "nb-1-20.index", "nb-1-20.data-00000-of-00001", "nb-1-20.index.tempstate7",
        "xnb-20.index", "nb-20x.index", "nb.index", "nb-.index", "nb-20.meta",
        "nb-20.index.tempstate", "nb-20.index.tempstate7x", "nb-20.data-0-of-1",
        "nb-20.index.bak", "nb.lock");
    for (String o : others) {
      file(dir, o, AFTER);
    }
    assertEquals(List.of(), remove(dir, "nb"));
    List<String> expected = new ArrayList<>(others);
    expected.addAll(List.of("checkpoint", "nb-0.data-00000-of-00001", "nb-0.index"));
    assertEquals(expected.stream().sorted().toList(), names(dir));
  }

  @Test
  void aRelativePrefixReadsTheStateFileOfItsDirectory(@TempDir Path dir) throws IOException {
    Path sub = Files.createDirectory(dir.resolve("ckpt"));
    checkpoint(sub, "nb-0", BEFORE);
    state(sub, "nb-0");
    checkpoint(sub, "nb-20", AFTER);
    String relative = Path.of("").toAbsolutePath().relativize(sub.resolve("nb")).toString();
    assertEquals(List.of(sub.resolve("nb-20.data-00000-of-00001"), sub.resolve("nb-20.index")),
        SaveLeftovers.remove(relative, List.of()).stream().map(Path::toAbsolutePath).toList());
  }
}
