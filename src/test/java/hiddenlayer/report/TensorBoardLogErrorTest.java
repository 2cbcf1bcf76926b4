package hiddenlayer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.ConfigProto;

/** A log directory that cannot be written: the directory and the reason, no option name. */
class TensorBoardLogErrorTest {
  @Test
  void aMissingParentNamesTheDirectoryAndTheParent(@TempDir Path dir) {
    Path board = dir.resolve("no/such/board");
    OutputException e = assertThrows(OutputException.class,
        () -> new TensorBoardLog(board, ConfigProto.getDefaultInstance()).close());
    assertEquals(Optional.of(board), e.path());
    assertEquals("directory " + dir.resolve("no/such") + " does not exist", e.reason());
    assertEquals(board + ": directory " + dir.resolve("no/such") + " does not exist",
        e.getMessage());
  }
}
