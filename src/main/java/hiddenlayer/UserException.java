package hiddenlayer;

/**
 * A mistake in what the user gave us (a file, a flag, a device), as opposed to a bug.
 *
 * <p>Each kind of user error has its own subclass next to the code that detects it; the CLI
 * turns any of them into one line on stderr and exit code 1. The message must name the file,
 * flag or value and say what is wrong with it.
 */
public abstract class UserException extends RuntimeException {
  protected UserException(String message) {
    super(message);
  }

  protected UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
