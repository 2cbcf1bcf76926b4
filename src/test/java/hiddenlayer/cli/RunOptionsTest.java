package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each invalid value of each option is a usage error: exit 2, one line naming the option. */
class RunOptionsTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--norm|batchnorm|--norm",
    "--bn-updates|always|--bn-updates",
    "--gradients|python|--gradients",
    "--epochs|0|--epochs",
    "--epochs|ten|--epochs",
    "--eval-every|0|--eval-every",
    "--patience|-1|--patience",
    "--lr|0|--lr",
    "--lr|-0.1|--lr",
    "--lr|NaN|--lr",
    "--lr|Infinity|--lr",
    "--lr|1e39|--lr",
    "--seed|-1|--seed",
    "--seed|4294967296|--seed",
    "--device|tpu|--device",
    "--threads|-2|--threads",
    "--threads|1025|--threads",
    "--threads|10000|--threads",
    "--csv|/nonexistent-dir/run.csv|--csv",
    "--json|/nonexistent-dir/run.json|--json",
    "--chart|/nonexistent-dir/c.png|--chart",
    "--export-graph|/nonexistent-dir/g.pb|--export-graph",
    "--tensorboard|/nonexistent-dir/tb|--tensorboard",
  })
  void invalidValueIsAUsageError(String option, String value, String named) {
    Cli r = Cli.run("run", option, value);
    assertEquals(2, r.exitCode(), r.err());
    String first = r.err().lines().findFirst().orElse("");
    assertTrue(first.startsWith("error: ") && first.contains(named), first);
    assertEquals("", r.out());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"--format|svg", "--norm|x", "--gradients|c++"})
  void graphCommandRejectsBadValues(String option, String value) {
    Cli r = Cli.run("graph", option, value);
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("error: ") && r.err().contains(option), r.err());
  }

  /**
   * {@code --threads} above its bound is refused at once, before TensorFlow loads or starts a
   * pool, by {@code run}, {@code compare --run} and {@code bench} alike; the bound itself is taken.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"run||", "compare|x.log|--run", "bench||"})
  void threadsAboveTheBoundIsAUsageErrorAtOnce(String command, String arg, String run) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command));
    java.util.stream.Stream.of(arg, run).filter(java.util.Objects::nonNull).forEach(args::add);
    args.addAll(java.util.List.of("--threads", String.valueOf(RunOptions.MAX_THREADS + 1)));
    long start = System.nanoTime();
    Cli r = Cli.run(args.toArray(String[]::new));
    assertEquals(2, r.exitCode(), r.err());
    assertEquals("error: --threads must be at most " + RunOptions.MAX_THREADS + ", got "
        + (RunOptions.MAX_THREADS + 1), r.err().lines().findFirst().orElse(""));
    assertEquals("", r.out());
    assertTrue(System.nanoTime() - start < 10_000_000_000L, "not at once");
  }

  /**
   * Each spelling of NaN and infinity, those {@link Double#parseDouble} reads ({@code NaN}, {@code
   * Infinity}, signed) and those it rejects but Python's {@code float()} reads ({@code nan}, {@code
   * inf}, any case, signed), gets the message {@code NaN} or {@code Infinity} gets; any other word
   * is still not a double.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "nan|NaN", "NAN|NaN", "-nan|NaN", "-NaN|NaN",
    "inf|Infinity", "+inf|Infinity", "INF|Infinity", "Inf|Infinity", "infinity|Infinity",
    "Infinity|Infinity", "-inf|-Infinity", "-Infinity|-Infinity"})
  void everySpellingOfNanAndInfinityIsWordedAlike(String spelling, String javaSpelling) {
    Cli r = Cli.run("run", "--lr", spelling);
    assertEquals(2, r.exitCode(), r.err());
    assertEquals("error: --lr must be a positive finite number, got " + javaSpelling,
        r.err().lines().findFirst().orElse(""));
    assertEquals("", r.out());
    for (String[] tolerance : new String[][] {
        {"compare", "expected.log", "actual.log", "--tolerance", spelling},
        {"checkpoint", "diff", "a", "b", "--tolerance", spelling}}) {
      Cli t = Cli.run(tolerance);
      assertEquals(2, t.exitCode(), t.err());
      assertTrue(t.err().startsWith("error: --tolerance must be a finite number >= 0, got "
          + javaSpelling), t.err());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"ten", "1x", "nanx", "infinit"})
  void anyOtherWordIsNotADouble(String word) {
    Cli r = Cli.run("run", "--lr", word);
    assertEquals(2, r.exitCode(), r.err());
    assertEquals("error: Invalid value for option '--lr': '" + word + "' is not a double",
        r.err().lines().findFirst().orElse(""));
  }

  @org.junit.jupiter.api.Test
  void missingDataDirectoryIsOneLineExitOne() {
    Cli r = Cli.run("run", "--quiet", "--data", Path.of("/nonexistent-mnist").toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.err().startsWith("error: ") && r.err().contains("/nonexistent-mnist"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--reps|0", "--threads|-1", "--threads|1025", "--threads|10000", "--runs|-1", "--subprocess|-1", "--skip|warmup",
    "--shape|10x0x5", "--shape|big", "--env|NOEQUALS", "--profile|batch"})
  void benchRejectsBadValuesBeforeMeasuring(String option, String value) {
    Cli r = Cli.run("bench", option, value);
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().startsWith("error: " + option), r.err());
    assertEquals("", r.out());
  }
}
