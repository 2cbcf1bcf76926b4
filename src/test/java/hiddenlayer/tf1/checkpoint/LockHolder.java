package hiddenlayer.tf1.checkpoint;

/**
 * A process that holds {@link CheckpointLock} on {@code args[0]}: prints "locked" once it does,
 * then waits to be killed.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws InterruptedException {
    CheckpointLock lock = CheckpointLock.acquire(args[0]);
    System.out.println("locked " + lock.path());
    System.out.flush();
    Thread.sleep(600_000);
  }
}
