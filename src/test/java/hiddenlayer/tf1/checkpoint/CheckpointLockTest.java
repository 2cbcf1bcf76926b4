package hiddenlayer.tf1.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.ChildJvm;
import hiddenlayer.tf115.Tf115Runtime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One live run per checkpoint prefix; a lock its holder left by dying is taken over. */
class CheckpointLockTest {
  private static final long SELF = ProcessHandle.current().pid();

  @Test
  void aSecondLockOnOnePrefixIsRefusedNamingThePrefixAndTheOwnersPid(@TempDir Path dir) {
    String prefix = dir.resolve("nb").toString();
    try (CheckpointLock first = CheckpointLock.acquire(prefix)) {
      CheckpointLockedException e = assertThrows(CheckpointLockedException.class,
          () -> CheckpointLock.acquire(prefix));
      assertEquals(prefix, e.prefix());
      assertEquals(SELF, e.owner().pid());
      assertTrue(e.getMessage().startsWith(prefix + ": another run (pid " + SELF + ", started "),
          e.getMessage());
      assertTrue(e.getMessage().endsWith(" is saving checkpoints to this prefix (it holds "
          + prefix + ".lock)"), e.getMessage());
      assertTrue(Files.exists(first.path()), "still held by the first");
    }
  }

  @Test
  void anotherPrefixInTheSameDirectoryIsNotLocked(@TempDir Path dir) {
    try (CheckpointLock a = CheckpointLock.acquire(dir.resolve("a").toString());
        CheckpointLock b = CheckpointLock.acquire(dir.resolve("a-1").toString())) {
      assertEquals(dir.resolve("a-1.lock"), b.path());
    }
  }

  @Test
  void closingReleasesTheLockAndRemovesItsFile(@TempDir Path dir) throws IOException {
    String prefix = dir.resolve("nb").toString();
    CheckpointLock.acquire(prefix).close();
    assertFalse(Files.exists(dir.resolve("nb.lock")));
    try (CheckpointLock again = CheckpointLock.acquire(prefix)) {
      assertTrue(Files.readString(again.path()).startsWith(SELF + " "));
    }
    try (var files = Files.list(dir)) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void aLockFileWrittenByAProcessThatIsDeadIsTakenOver(@TempDir Path dir) throws Exception {
    Process dead = new ProcessBuilder("sleep", "0").start();
    assertTrue(dead.waitFor(30, TimeUnit.SECONDS));
    Path file = dir.resolve("nb.lock");
    Files.writeString(file, dead.pid() + " 2026-01-01T00:00:00Z 1\n");
    try (CheckpointLock lock = CheckpointLock.acquire(dir.resolve("nb").toString())) {
      assertTrue(Files.readString(file).startsWith(SELF + " "), Files.readString(file));
    }
    assertFalse(Files.exists(file));
  }

  @Test
  void aLockFileLeftByAnOwnerKilledWhileRemovingItIsNamedNotTakenOver(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("nb.lock");
    Files.writeString(file, CheckpointLock.RELEASED); // written, then killed before the removal
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> CheckpointLock.acquire(dir.resolve("nb").toString()));
    assertEquals(file + ": cannot lock (it says released: its owner was killed while removing "
        + "it; remove the file)", e.getMessage());
  }

  @Test
  @ChildJvm
  void theLockOfAJvmKilledWithSigkillIsTakenOver(@TempDir Path dir) throws Exception {
    String prefix = dir.resolve("nb").toString();
    Process holder = holder(prefix);
    try {
      CheckpointLockedException e = assertThrows(CheckpointLockedException.class,
          () -> CheckpointLock.acquire(prefix));
      assertEquals(holder.pid(), e.owner().pid());
      holder.destroyForcibly(); // kill -9: no shutdown hook runs
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
      assertTrue(Files.exists(dir.resolve("nb.lock")), "left behind");
      try (CheckpointLock lock = CheckpointLock.acquire(prefix)) {
        assertTrue(Files.readString(lock.path()).startsWith(SELF + " "));
      }
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  @ChildJvm
  void sigtermReleasesTheLockAndRemovesItsFile(@TempDir Path dir) throws Exception {
    String prefix = dir.resolve("nb").toString();
    Process holder = holder(prefix);
    try {
      holder.destroy(); // SIGTERM: the shutdown hook removes the file
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
      assertFalse(Files.exists(dir.resolve("nb.lock")));
      CheckpointLock.acquire(prefix).close();
    } finally {
      holder.destroyForcibly();
    }
  }

  /** A JVM holding the lock on {@code prefix}, once it says so. */
  private static Process holder(String prefix) throws IOException {
    Process p = new ProcessBuilder(Tf115Runtime.javaLauncher().toString(), "-cp",
        System.getProperty("java.class.path"), LockHolder.class.getName(), prefix)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertEquals("locked " + prefix + ".lock", line);
    return p;
  }
}
