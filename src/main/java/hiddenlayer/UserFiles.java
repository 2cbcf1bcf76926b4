package hiddenlayer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.BiFunction;

/**
 * Files the user names, written with every failure turned into one line: each caller passes
 * the {@link UserException} of its own package ({@code OutputException::new}, ...), which gets
 * the message and the cause.
 */
public final class UserFiles {
  private UserFiles() {}

  /** What writes the content of a file. */
  @FunctionalInterface
  public interface Content {
    void write(OutputStream out) throws IOException;
  }

  /** Makes the exception of a failure from its message and cause (which may be null). */
  @FunctionalInterface
  public interface Failure extends BiFunction<String, Throwable, UserException> {}

  /**
   * Writes {@code target} whole or not at all: the content goes to a temporary sibling ({@code
   * .NAME.*.tmp}, private while written, 0644 when complete), which then replaces the target
   * (atomically where the file system can). On failure the temporary file is deleted.
   *
   * @throws UserException from {@code failure}: "TARGET: cannot write (...)"
   */
  public static void writeAtomically(Path target, Content content, Failure failure) {
    Path absolute = target.toAbsolutePath();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".",
          ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        content.write(out);
      }
      if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      try {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw failure.apply(target + ": cannot write (" + e.getMessage() + ")", e);
    } catch (RuntimeException | Error e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  private static void deleteQuietly(Path tmp) {
    if (tmp != null) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort: the temporary file has a dot name and a .tmp suffix
      }
    }
  }
}
