package hiddenlayer.tf1.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The one run that saves checkpoints to a prefix: {@code PREFIX.lock} beside them, locked with
 * the operating system's file lock ({@link FileChannel#tryLock}) and holding the owner's pid
 * and start time. TF 1.15's {@code Saver} has no such lock: two runs saving to one prefix both
 * write, and the last writer wins.
 *
 * <p>The kernel drops the lock when its process ends however it ends ({@code kill -9}
 * included), so a lock file left behind is unlocked, and the next run takes it over: no pid is
 * ever checked for being alive (a pid can be reused). The file's text only names the owner in
 * the message of a run that is refused. Within one JVM the locks held are also kept in a table,
 * and a held prefix is refused without opening its file: closing any descriptor of a file drops
 * every POSIX lock the process holds on it.
 *
 * <p>On {@link #close} (and on SIGTERM, by a shutdown hook) the owner writes {@value #RELEASED}
 * into the file, removes it and only then unlocks it. A run that opened the file before its
 * removal and locks it after reads that word through its own descriptor, knows the file is no
 * longer the path's, and opens the path again.
 */
public final class CheckpointLock implements AutoCloseable {
  /** Appended to the prefix: {@code ckpt/notebook.lock}. */
  public static final String SUFFIX = ".lock";
  /** What a released lock file holds in the moment between its release and its removal. */
  static final String RELEASED = "released\n";

  private static final int ATTEMPTS = 20;
  private static final Map<Path, CheckpointLockedException.Owner> HELD = new HashMap<>();

  private final Path file;
  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;
  private final Thread hook;
  private boolean released;

  private CheckpointLock(Path file, Path key, FileChannel channel, FileLock lock) {
    this.file = file;
    this.key = key;
    this.channel = channel;
    this.lock = lock;
    this.hook = new Thread(this::release, "checkpoint-lock-release");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Locks {@code prefix} for this process, or throws {@link CheckpointLockedException} naming
   * the process that holds it.
   */
  public static CheckpointLock acquire(String prefix) {
    Path file = file(prefix);
    Path key = key(file);
    ProcessHandle self = ProcessHandle.current();
    CheckpointLockedException.Owner me = new CheckpointLockedException.Owner(self.pid(),
        self.info().startInstant().map(Instant::toString).orElse("?"));
    synchronized (HELD) {
      CheckpointLockedException.Owner holder = HELD.get(key);
      if (holder != null) {
        throw new CheckpointLockedException(prefix, file, holder);
      }
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        FileChannel channel = null;
        try {
          channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
              StandardOpenOption.WRITE);
          FileLock lock = channel.tryLock();
          if (lock == null) {
            CheckpointLockedException.Owner owner = owner(read(channel));
            channel.close();
            throw new CheckpointLockedException(prefix, file, owner);
          }
          if (read(channel).equals(RELEASED)) {
            channel.close(); // removed by its owner between our open and our lock
            continue;
          }
          // Whatever a dead owner left is overwritten.
          channel.truncate(0);
          channel.write(ByteBuffer.wrap((me.pid() + " " + me.started() + "\n")
              .getBytes(StandardCharsets.UTF_8)), 0);
          channel.force(false);
          HELD.put(key, me);
          return new CheckpointLock(file, key, channel, lock);
        } catch (IOException e) {
          close(channel);
          throw new CheckpointException(file + ": cannot lock (" + e.getMessage() + ")", e);
        }
      }
    }
    throw new CheckpointException(file + ": cannot lock (it says " + RELEASED.strip()
        + ": its owner was killed while removing it; remove the file)");
  }

  /** {@code PREFIX.lock}. */
  public static Path file(String prefix) {
    return Paths.get(prefix + SUFFIX);
  }

  /** The lock file. */
  public Path path() {
    return file;
  }

  /** Releases the lock and removes its file; the shutdown hook does the same on SIGTERM. */
  @Override
  public void close() {
    release();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down: the hook runs (or ran) release
    }
  }

  private void release() {
    synchronized (HELD) {
      if (released) {
        return;
      }
      released = true;
      try {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(RELEASED.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        Files.deleteIfExists(file); // still locked: no other run owns it yet
      } catch (IOException e) {
        // a file left locked by no one is taken over by the next run
      }
      try {
        lock.release();
      } catch (IOException e) {
        // closing the channel releases it
      }
      close(channel);
      HELD.remove(key);
    }
  }

  /** The same file under one name: its directory's real path, and its own name. */
  private static Path key(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    try {
      return abs.getParent().toRealPath().resolve(abs.getFileName());
    } catch (IOException e) {
      return abs;
    }
  }

  /** The owner's pid and start time, as its lock file says. */
  private static CheckpointLockedException.Owner owner(String text) {
    String[] parts = text.strip().split(" ");
    long pid = -1;
    try {
      pid = Long.parseLong(parts[0]);
    } catch (NumberFormatException e) {
      // being written
    }
    return new CheckpointLockedException.Owner(pid, parts.length > 1 ? parts[1] : "?");
  }

  private static String read(FileChannel channel) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(256);
    while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
      // until the end or 256 bytes
    }
    return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
  }

  private static void close(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing written is lost
      }
    }
  }
}
