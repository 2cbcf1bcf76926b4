package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.tf1.checkpoint.CheckpointLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --save-checkpoint PREFIX} owns PREFIX while it runs: a second run saving there is
 * refused before it trains; the prefix is free again once a run ends, however it ends; and the
 * next run removes what a killed save to PREFIX left, and nothing else.
 */
class SaveCheckpointPrefixTest {
  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aRunSavingToAPrefixAnotherRunHoldsIsRefusedBeforeItTrains(@TempDir Path dir)
      throws IOException {
    Path p = dir.resolve("nb");
    Path csv = dir.resolve("run.csv");
    ProcessHandle self = ProcessHandle.current();
    try (CheckpointLock other = CheckpointLock.acquire(p.toString())) {
      Cli r = Cli.run("run", "--quiet", "--epochs", "1", "--save-checkpoint", p.toString(),
          "--csv", csv.toString());
      assertEquals(1, r.exitCode(), r.err());
      assertEquals("error: --save-checkpoint " + p + ": another run (pid " + self.pid()
          + ", started " + self.info().startInstant().orElseThrow() + ") is saving checkpoints "
          + "to this prefix (it holds " + p + ".lock)\n", r.err());
      assertEquals("", r.out(), "refused before the first row");
      assertEquals(List.of("nb.lock"), names(dir), "no checkpoint, no csv");
    }
  }

  @Test
  void aRunThatFailsReleasesItsPrefix(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("nb");
    Cli r = Cli.run("run", "--lr", "1e38", "--epochs", "30", "--quiet", "--save-checkpoint",
        p.toString());
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(r.err().contains("diverged at epoch"), r.err());
    assertFalse(Files.exists(dir.resolve("nb.lock")));
    CheckpointLock.acquire(p.toString()).close();
  }

  @Test
  void theNextRunRemovesWhatAKilledSaveLeftAndKeepsEverythingElse(@TempDir Path dir)
      throws IOException {
    Path p = dir.resolve("nb");
    assertEquals(0, Cli.run("run", "--quiet", "--epochs", "1", "--save-checkpoint",
        p.toString()).exitCode());
    List<String> saved = List.of("checkpoint", "nb-0.data-00000-of-00001", "nb-0.index",
        "nb-0.meta", "nb-1.data-00000-of-00001", "nb-1.index", "nb-1.meta");
    assertEquals(saved, names(dir), "no nb.lock once the run is over");
    // A save of nb-7 killed after SaveV2 (before the state file named it), one killed inside it
    // (BundleWriter's "%s.tempstate%llu" names), one killed while writing its meta graph
    // (atomic_write_string_to_file's ".tmp" + uuid4().hex), and another prefix's files of every
    // kind.
    Files.copy(dir.resolve("nb-1.index"), dir.resolve("nb-7.index"));
    Files.copy(dir.resolve("nb-1.data-00000-of-00001"), dir.resolve("nb-7.data-00000-of-00001"));
    Files.copy(dir.resolve("nb-1.meta"), dir.resolve("nb-7.meta"));
    List<String> others = List.of("nb2-7.index", "nb2-7.data-00000-of-00001", "nb2-7.meta",
        "nb2-7.meta.tmp5f1c0e0d4a9b4c7e8f00112233445566",
        "nb2-8.index.tempstate11", "nb-1-8.index.tempstate11");
    for (String f : Stream.concat(others.stream(), Stream.of(
        "nb-8.data-00000-of-00001.tempstate9223372036854775809", "nb-8.index.tempstate12",
        "nb-1.meta.tmp5f1c0e0d4a9b4c7e8f00112233445566"))
        .toList()) {
      Files.writeString(dir.resolve(f), f);
    }
    assertEquals(0, Cli.run("run", "--quiet", "--epochs", "1", "--save-checkpoint",
        p.toString()).exitCode());
    assertEquals(Stream.concat(saved.stream(), others.stream()).sorted().toList(), names(dir));
  }
}
