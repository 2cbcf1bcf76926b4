package hiddenlayer.train;

import hiddenlayer.tf1.checkpoint.CheckpointLock;
import hiddenlayer.tf1.checkpoint.SaveLeftovers;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a run does with {@code tf.train.Saver}: restore every variable from a checkpoint after
 * initialisation (the loop then goes on after its global step), save {@code PREFIX-STEP} right
 * after initialisation (or the restore), every {@code saveEvery} epochs and after the last epoch.
 *
 * @param restoreFrom a checkpoint prefix, or null
 * @param saveTo the {@code save_path} of {@code saver.save(session, save_path, global_step)}, or
 *     null
 * @param saveEvery also save every N epochs; 0 for never
 */
public record CheckpointPlan(String restoreFrom, String saveTo, int saveEvery) {
  private static final Pattern STEP = Pattern.compile("-(\\d{1,9})$");

  public static CheckpointPlan none() {
    return new CheckpointPlan(null, null, 0);
  }

  /** Whether the run needs the Saver at all. */
  public boolean any() {
    return restoreFrom != null || saveTo != null;
  }

  /**
   * Claims {@link #saveTo} for this run before it trains: locks it ({@link CheckpointLock}; a
   * {@code CheckpointLockedException} if a live run holds it) and removes what saves to it that
   * were killed left behind ({@link SaveLeftovers}), never the checkpoint restored from. Null
   * when nothing is saved; else the lock, to close when the run ends.
   */
  public CheckpointLock claim() {
    if (saveTo == null) {
      return null;
    }
    CheckpointLock lock = CheckpointLock.acquire(saveTo);
    SaveLeftovers.remove(saveTo, restoreFrom == null ? List.of() : List.of(restoreFrom));
    return lock;
  }

  /** The global step {@code Saver.save} appended to a prefix ({@code ckpt/notebook-50}), or 0. */
  public static int stepOf(String prefix) {
    Matcher m = STEP.matcher(prefix);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}
