package hiddenlayer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NumpyRandomStateTest {

  @Test
  void mt19937SeededWith5489StartsWithThePublishedOutput() {
    // Matsumoto and Nishimura's reference mt19937ar: init_genrand(5489) -> 3499211612
    assertEquals(3499211612L, new NumpyRandomState(5489).nextUint32());
  }

  @Test
  void mt19937DefaultSeedGivesTheStandardTenThousandthOutput() {
    // C++ [rand.predef]: the 10000th consecutive output of a default mt19937 is 4123659995
    NumpyRandomState rs = new NumpyRandomState(5489);
    long value = 0;
    for (int k = 0; k < 10000; k++) {
      value = rs.nextUint32();
    }
    assertEquals(4123659995L, value);
  }

  @Test
  void randintMatchesNumpySeed2020() {
    // src/site/markdown/TF1_SEMANTICS.md section 1: np.random.seed(2020); randint(0, 60000, 1100,
    // int64)
    long[] m = new NumpyRandomState(2020).randint(0, 60000, 1100);
    assertEquals(1100, m.length);
    assertArrayEquals(new long[] {41824, 40259, 47734, 44739, 18523}, Arrays.copyOf(m, 5));
  }

  @Test
  void randintSamplesWithReplacement() {
    // src/site/markdown/TF1_SEMANTICS.md section 1: only 1088 of the 1100 indices are distinct
    long[] m = new NumpyRandomState(2020).randint(0, 60000, 1100);
    assertEquals(1088, Arrays.stream(m).distinct().count());
  }

  @Test
  void shuffleContinuesTheStreamLikeNumpy() {
    // src/site/markdown/TF1_SEMANTICS.md section 1: after the randint, shuffle(arange(1100)) starts
    // like this
    NumpyRandomState rs = new NumpyRandomState(2020);
    rs.randint(0, 60000, 1100);
    int[] i = IntStream.range(0, 1100).toArray();
    rs.shuffle(i);
    assertArrayEquals(new int[] {775, 358, 1090, 141, 14}, Arrays.copyOf(i, 5));
    assertArrayEquals(IntStream.range(0, 1100).toArray(), Arrays.stream(i).sorted().toArray());
  }

  @Test
  void randintOfASingleValueDrawsNothing() {
    // numpy's random_bounded_uint64_fill returns low for rng == 0 without touching the state
    NumpyRandomState a = new NumpyRandomState(7);
    NumpyRandomState b = new NumpyRandomState(7);
    assertArrayEquals(new long[] {3, 3}, a.randint(3, 4, 2));
    assertEquals(b.nextUint32(), a.nextUint32());
  }

  @Test
  void rejectsWhatNumpyWouldReject() {
    assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(-1));
    assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(1L << 32));
    NumpyRandomState rs = new NumpyRandomState(0);
    assertThrows(IllegalArgumentException.class, () -> rs.randint(5, 5, 1));
    assertThrows(IllegalArgumentException.class, () -> rs.randint(0, (1L << 32) + 2, 1));
  }
}
