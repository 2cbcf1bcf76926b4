package hiddenlayer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.BiFunction;

/**
 * Files the user names, read and written with every failure turned into one line: each caller
 * passes the {@link UserException} of its own package ({@code OutputException::new}, ...), which
 * gets the message and the cause ({@code null} when there is none).
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

  /**
   * The whole file as UTF-8 text.
   *
   * @throws UserException from {@code failure}: "FILE: no such file", "permission denied", "not
   *     UTF-8 text", "cannot read (...)", or "empty file" (only whitespace counts as empty too)
   */
  public static String readText(Path file, Failure failure) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw failure.apply(file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw failure.apply(file + ": permission denied", e);
    } catch (CharacterCodingException e) {
      throw failure.apply(file + ": not UTF-8 text", e);
    } catch (IOException e) {
      throw failure.apply(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (text.isBlank()) {
      throw failure.apply(file + ": empty file", null);
    }
    return text;
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
