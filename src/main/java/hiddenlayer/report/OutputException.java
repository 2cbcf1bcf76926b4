package hiddenlayer.report;

import hiddenlayer.UserException;
import java.nio.file.Path;
import java.util.Optional;

/** An output file or directory that cannot be written. */
public final class OutputException extends UserException {
  private final transient Path path;
  private final String reason;

  public OutputException(String message) {
    super(message);
    this.path = null;
    this.reason = message;
  }

  public OutputException(String message, Throwable cause) {
    super(message, cause);
    this.path = null;
    this.reason = message;
  }

  /**
   * {@code path} cannot be written, for {@code reason} ({@code "directory /x does not exist"});
   * the message is {@code "PATH: REASON"}.
   */
  public OutputException(Path path, String reason, Throwable cause) {
    super(path + ": " + reason, cause);
    this.path = path;
    this.reason = reason;
  }

  /** The output that cannot be written, when the thrower named one apart from the reason. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** What is wrong: the whole message, or without the path when {@link #path()} is present. */
  public String reason() {
    return reason;
  }
}
