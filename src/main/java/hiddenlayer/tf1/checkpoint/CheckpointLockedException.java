package hiddenlayer.tf1.checkpoint;

import hiddenlayer.UserException;
import java.nio.file.Path;

/** Another live run is saving checkpoints to the prefix ({@link CheckpointLock}). */
public final class CheckpointLockedException extends UserException {
  /** Who holds the lock: a pid (-1 when its file did not say) and its start time. */
  public record Owner(long pid, String started) {}

  private final String prefix;
  private final Owner owner;

  public CheckpointLockedException(String prefix, Path lockFile, Owner owner) {
    super(prefix + ": another run (pid " + (owner.pid() < 0 ? "unknown" : owner.pid())
        + ", started " + owner.started() + ") is saving checkpoints to this prefix (it holds "
        + lockFile + ")");
    this.prefix = prefix;
    this.owner = owner;
  }

  public String prefix() {
    return prefix;
  }

  public Owner owner() {
    return owner;
  }
}
