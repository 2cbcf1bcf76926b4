package hiddenlayer.report;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading an input log as text, with every failure turned into a one-line message. */
final class LogFiles {
  private LogFiles() {}

  /**
   * The whole file as UTF-8 text.
   *
   * @throws CompareException if it is missing, a directory, unreadable, not UTF-8, or empty
   *     (only whitespace counts as empty too)
   */
  static String readText(Path file) {
    if (Files.isDirectory(file)) {
      throw new CompareException(file + ": is a directory, expected a log file");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CompareException(file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new CompareException(file + ": permission denied", e);
    } catch (CharacterCodingException e) {
      throw new CompareException(file + ": not UTF-8 text", e);
    } catch (IOException e) {
      throw new CompareException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (text.isBlank()) {
      throw new CompareException(file + ": empty file");
    }
    return text;
  }
}
