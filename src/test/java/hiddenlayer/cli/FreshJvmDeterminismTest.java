package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hiddenlayer.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same options run twice on the CPU, each in a fresh JVM (new process, new TensorFlow
 * runtime), print the same bytes on stdout and write the same {@code --csv} file byte for byte,
 * with no TensorFlow setting asked for. 30 epochs (3 evaluations) keep it to a few seconds;
 * {@code train.DeterminismTest} compares the rows of runs in one JVM.
 */
@ChildJvm
class FreshJvmDeterminismTest {
  @Test
  void twoFreshRunsPrintTheSameBytesAndWriteTheSameCsv(@TempDir Path dir) throws IOException {
    Path[] csv = {dir.resolve("run1.csv"), dir.resolve("run2.csv")};
    Cli[] runs = new Cli[2];
    for (int i = 0; i < 2; i++) {
      runs[i] = Cli.fresh("run", "--quiet", "--epochs", "30", "--csv", csv[i].toString());
      assertEquals(0, runs[i].exitCode(), runs[i].err());
    }
    assertEquals(4, runs[0].outLines().length, runs[0].out()); // epochs 10, 20, 30, the final
    assertEquals(runs[0].out(), runs[1].out());
    assertArrayEquals(Files.readAllBytes(csv[0]), Files.readAllBytes(csv[1]));
  }
}
