package hiddenlayer.report;

import hiddenlayer.UserFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Output files appear whole or not at all: written to a temporary sibling, then moved. */
public final class OutputFiles {
  private OutputFiles() {}

  /** What writes the content of an output file. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code target} atomically: the content goes to a temporary file in the same
   * directory, which replaces the target only once it is complete.
   *
   * @throws OutputException if the directory does not exist or cannot be written
   */
  public static void write(Path target, Writer writer) {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new OutputException(target + ": directory " + dir + " does not exist");
    }
    UserFiles.writeAtomically(target, writer::write, OutputException::new);
  }

  /** Writes a UTF-8 text file atomically. */
  public static void writeString(Path target, String content) {
    write(target, out -> out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /**
   * Checks up front that {@code target} could be written (its directory exists and is
   * writable, and it is not a directory), so a run fails before it starts, not after.
   *
   * @throws OutputException naming {@code target} and the reason
   */
  public static void checkWritable(Path target) {
    if (Files.isDirectory(target.toAbsolutePath())) {
      throw new OutputException(target, "is a directory", null);
    }
    checkDirectoryOf(target);
  }

  /**
   * Checks up front that the directory a file {@code target} would be written in exists and is
   * writable.
   *
   * @throws OutputException naming {@code target} and the reason
   */
  public static void checkDirectoryOf(Path target) {
    Path dir = target.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new OutputException(target, "directory " + dir + " does not exist", null);
    }
    if (!Files.isWritable(dir)) {
      throw new OutputException(target, "directory " + dir + " is not writable", null);
    }
  }
}
