package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
class ResumeTest {
  @ParameterizedTest(name = "--bn-updates {0}")
  @ValueSource(strings = {"keras", "collected"})
  void resumedFromEpoch50PrintsTheUninterruptedRows(String bnUpdates, @TempDir Path dir)
      throws IOException, InterruptedException {
    Path prefix = dir.resolve("nb");
    Cli full = Cli.run("run", "--quiet", "--bn-updates", bnUpdates,
        "--save-checkpoint", prefix.toString(), "--save-every", "50");
    assertEquals(0, full.exitCode(), full.err());

    List<String> resumed = freshProcess("run", "--quiet", "--bn-updates", bnUpdates,
        "--restore-checkpoint", prefix + "-50");
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

  /** The command line in a new JVM with this one's class path; its stdout lines. */
  static List<String> freshProcess(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss4m", "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), out);
    return List.of(out.split("\n"));
  }
}
