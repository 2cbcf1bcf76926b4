package hiddenlayer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks before a run: the output that could not be written and why, no option name. */
class OutputFilesTest {
  @TempDir Path dir;

  @Test
  void aDirectoryIsNotAWritableFile() {
    OutputException e = assertThrows(OutputException.class,
        () -> OutputFiles.checkWritable(dir));
    assertEquals(Optional.of(dir), e.path());
    assertEquals("is a directory", e.reason());
    assertEquals(dir + ": is a directory", e.getMessage());
  }

  @Test
  void aFileInAMissingDirectoryNamesTheDirectory() {
    Path file = dir.resolve("no/log.csv");
    OutputException e = assertThrows(OutputException.class,
        () -> OutputFiles.checkWritable(file));
    assertEquals(Optional.of(file), e.path());
    assertEquals("directory " + dir.resolve("no") + " does not exist", e.reason());
  }

  @Test
  void aFileInAnExistingDirectoryPasses() {
    OutputFiles.checkWritable(dir.resolve("log.csv"));
    OutputFiles.checkDirectoryOf(dir.resolve("ckpt"));
  }
}
