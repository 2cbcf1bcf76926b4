package hiddenlayer.report;

import hiddenlayer.UserFiles;
import java.nio.file.Files;
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
    return UserFiles.readText(file, CompareException::new);
  }
}
