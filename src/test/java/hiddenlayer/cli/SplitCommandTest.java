package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.data.NumpyRandomState;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitCommandTest {
  @Test
  void printsTheSampleInTheNotebooksOrder() {
    Cli r = Cli.run("split");
    assertEquals(0, r.exitCode(), r.err());
    int[] printed = r.out().lines().mapToInt(Integer::parseInt).toArray();
    assertEquals(1100, printed.length);
    assertTrue(Arrays.stream(printed).allMatch(k -> k >= 0 && k < 60000));
    // order[k] = m[perm[k]]; the permutation starts 775, 358, 1090, 141, 14
    // (src/site/markdown/TF1_SEMANTICS.md)
    NumpyRandomState random = new NumpyRandomState(2020);
    long[] m = random.randint(0, 60000, 1100);
    int[] perm = IntStream.range(0, 1100).toArray();
    random.shuffle(perm);
    assertEquals(m[775], printed[0]);
    assertEquals(m[358], printed[1]);
    assertEquals(m[1090], printed[2]);
    assertEquals(m[141], printed[3]);
    assertEquals(m[14], printed[4]);
    long[] sortedSample = Arrays.stream(m).sorted().toArray();
    long[] sortedPrinted = Arrays.stream(printed).asLongStream().sorted().toArray();
    assertEquals(Arrays.toString(sortedSample), Arrays.toString(sortedPrinted));
  }

  @Test
  void anotherSeedGivesAnotherSample() {
    Cli r = Cli.run("split", "--seed", "1");
    assertEquals(0, r.exitCode(), r.err());
    NumpyRandomState random = new NumpyRandomState(1);
    long first = random.randint(0, 60000, 1100)[0];
    assertEquals(1100, r.out().lines().count());
    assertTrue(r.out().lines().mapToLong(Long::parseLong).anyMatch(v -> v == first));
  }

  @Test
  void badDataPathIsAUserError(@TempDir Path tmp) {
    Path missing = tmp.resolve("nope");
    Cli r = Cli.run("split", "--data", missing.toString());
    assertEquals(Main.EXIT_USER_ERROR, r.exitCode());
    assertEquals("", r.out());
    assertEquals("error: " + missing + ": no such directory or .npz file", r.err().strip());
  }

  @Test
  void seedOutOfNumpysRangeIsAUsageError() {
    Cli r = Cli.run("split", "--seed", "-1");
    assertEquals(Main.EXIT_USAGE, r.exitCode());
    assertTrue(r.err().contains("--seed must be between 0 and 4294967295"), r.err());
    assertEquals("", r.out());
  }
}
