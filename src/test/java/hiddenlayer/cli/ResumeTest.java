package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.ChildJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run restored from its epoch-50 checkpoint in a fresh JVM (new process, new TensorFlow
 * runtime, nothing shared but the files) goes on at epoch 51 and prints, from epoch 60 on, the
 * same bytes as the uninterrupted run: the checkpoint holds the whole training state (weights,
 * normalisation variables, Adam's slots and powers). With {@code --bn-updates collected} the
 * moving statistics move, so they are checked too.
 */
@ChildJvm
class ResumeTest {
  @ParameterizedTest(name = "--bn-updates {0}")
  @ValueSource(strings = {"keras", "collected"})
  void resumedFromEpoch50PrintsTheUninterruptedRows(String bnUpdates, @TempDir Path dir) {
    Path prefix = dir.resolve("nb");
    Cli full = Cli.run("run", "--quiet", "--bn-updates", bnUpdates,
        "--save-checkpoint", prefix.toString(), "--save-every", "50");
    assertEquals(0, full.exitCode(), full.err());

    Cli fresh = Cli.fresh("run", "--quiet", "--bn-updates", bnUpdates,
        "--restore-checkpoint", prefix + "-50");
    assertEquals(0, fresh.exitCode(), fresh.out() + fresh.err());
    List<String> resumed = List.of(fresh.outLines());
    assertEquals("60", resumed.get(0).split(" ")[0]);
    List<String> expected = new ArrayList<>();
    for (String line : full.outLines()) {
      String[] cells = line.split(" ");
      if (cells.length == 7 && Integer.parseInt(cells[0]) >= 60) {
        expected.add(line);
      }
    }
    assertTrue(expected.size() >= 11, expected.toString()); // rows 60..160 at least
    assertEquals(expected.subList(0, 11), resumed.subList(0, 11)); // rows 60..160
    // The early stop and the final line too: the best validation epoch is past 50 in both.
    expected.add(full.outLines()[full.outLines().length - 1]);
    assertEquals(expected, resumed);
  }
}
