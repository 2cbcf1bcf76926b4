package hiddenlayer.tf115;

import hiddenlayer.UserException;
import java.nio.file.Path;

/** TF 1.15's runtime refused the graph, failed a request, or is not there. */
public final class Tf115Exception extends UserException {
  /** Which of these it is. */
  public enum Kind {
    /** A jar of the runtime is not where it was looked for: {@link #subject()} is its path. */
    MISSING,
    /**
     * A jar of the runtime is there but is not a readable jar (truncated or corrupted): {@link
     * #subject()} is its path.
     */
    UNREADABLE,
    /** The child JVM did not start: {@link #subject()} is the {@code java} launcher. */
    CANNOT_START,
    /** The child answered with another TF version: {@link #subject()} is that version. */
    WRONG_VERSION,
    /** The runtime, once running, refused a graph or failed a request, or died. */
    FAILED
  }

  private final Kind kind;
  private final String subject;

  public Tf115Exception(String message) {
    this(Kind.FAILED, null, message, null);
  }

  public Tf115Exception(String message, Throwable cause) {
    this(Kind.FAILED, null, message, cause);
  }

  private Tf115Exception(Kind kind, String subject, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.subject = subject;
  }

  /** The runtime's {@code jar} is missing. */
  public static Tf115Exception missing(Path jar) {
    String path = jar.toAbsolutePath().toString();
    return new Tf115Exception(Kind.MISSING, path, "TF " + Tf115Runtime.VERSION
        + "'s runtime is missing (no " + path + "); build with `mvn package`, which fetches "
        + "org.tensorflow:libtensorflow:" + Tf115Runtime.VERSION + " and libtensorflow_jni "
        + "from Maven Central", null);
  }

  /** The runtime's {@code jar} is there but cannot be read as a jar ({@code cause} says why). */
  public static Tf115Exception unreadable(Path jar, Exception cause) {
    String path = jar.toAbsolutePath().toString();
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName()
        : cause.getMessage().lines().findFirst().orElse("").strip();
    return new Tf115Exception(Kind.UNREADABLE, path, "TF " + Tf115Runtime.VERSION
        + "'s runtime jar " + path + " is unreadable, truncated or corrupted (" + why
        + "); delete it and build with `mvn package`, which copies it there anew", cause);
  }

  /** The child JVM could not be started with {@code launcher}. */
  public static Tf115Exception cannotStart(String launcher, Throwable cause) {
    return new Tf115Exception(Kind.CANNOT_START, launcher, "cannot start " + launcher + " ("
        + cause.getMessage() + ")", cause);
  }

  /** The child runs TF {@code version}, not {@link Tf115Runtime#VERSION}. */
  public static Tf115Exception wrongVersion(String version) {
    return new Tf115Exception(Kind.WRONG_VERSION, version, "the child runs TF " + version
        + ", not " + Tf115Runtime.VERSION, null);
  }

  public Kind kind() {
    return kind;
  }

  /**
   * What the {@link #kind()} is about: the missing or unreadable jar's path, the launcher, the
   * version found;
   * null for {@link Kind#FAILED}.
   */
  public String subject() {
    return subject;
  }
}
