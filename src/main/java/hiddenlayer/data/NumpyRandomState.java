package hiddenlayer.data;

/**
 * numpy's legacy {@code np.random.RandomState}, the part the notebook uses: {@code seed},
 * {@code randint} (int64) and {@code shuffle} of a 1-D array, draw for draw.
 *
 * <p>The generator is MT19937 with the classic 32-bit {@code init_genrand} seeding, which is
 * what {@code np.random.seed(int)} does. Not thread-safe, like numpy's.
 */
public final class NumpyRandomState {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;
  private static final long UINT32_MAX = 0xFFFFFFFFL;

  private final int[] mt = new int[N];
  private int mti;

  /** {@code np.random.seed(seed)}; numpy accepts 0 to 2^32 - 1. */
  public NumpyRandomState(long seed) {
    if (seed < 0 || seed > UINT32_MAX) {
      throw new IllegalArgumentException("seed must be between 0 and 2^32 - 1, got " + seed);
    }
    mt[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      // init_genrand; int arithmetic wraps modulo 2^32 exactly like the C uint32_t code
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    mti = N;
  }

  /** The next tempered 32-bit output, as an unsigned value in a long. */
  public long nextUint32() {
    if (mti >= N) {
      generate();
    }
    int y = mt[mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y & UINT32_MAX;
  }

  private void generate() {
    for (int k = 0; k < N; k++) {
      int y = (mt[k] & UPPER_MASK) | (mt[(k + 1) % N] & LOWER_MASK);
      mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
    }
    mti = 0;
  }

  /**
   * {@code randint(low, high, size, dtype=np.int64)}: uniform in {@code [low, high)}, with
   * replacement, by numpy's masked rejection sampling (one 32-bit draw per attempt).
   *
   * @throws IllegalArgumentException if {@code high <= low}, or if the range needs numpy's
   *     64-bit path ({@code high - low > 2^32}), which this port does not implement
   */
  public long[] randint(long low, long high, int size) {
    if (high <= low) {
      throw new IllegalArgumentException("randint: low >= high (" + low + " >= " + high + ")");
    }
    if (size < 0) {
      throw new IllegalArgumentException("randint: negative size " + size);
    }
    long rng = high - 1 - low;
    if (rng < 0 || rng > UINT32_MAX) {
      throw new IllegalArgumentException("randint: ranges wider than 2^32 are not supported");
    }
    long[] out = new long[size];
    if (rng == 0) {
      // numpy returns low without drawing anything
      java.util.Arrays.fill(out, low);
      return out;
    }
    long mask = mask(rng);
    for (int k = 0; k < size; k++) {
      long value;
      do {
        value = nextUint32() & mask;
      } while (value > rng);
      out[k] = low + value;
    }
    return out;
  }

  /** {@code shuffle(a)} for a 1-D array: Fisher-Yates from the end, numpy's draws. */
  public void shuffle(int[] a) {
    for (int i = a.length - 1; i >= 1; i--) {
      int j = (int) randomInterval(i);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** numpy's {@code random_interval(max)}: uniform in {@code [0, max]}, 32-bit draws. */
  private long randomInterval(long max) {
    if (max == 0) {
      return 0;
    }
    long mask = mask(max);
    long value;
    do {
      value = nextUint32() & mask;
    } while (value > max);
    return value;
  }

  /** The smallest all-ones bit mask that is at least {@code v}. */
  private static long mask(long v) {
    long m = v;
    m |= m >>> 1;
    m |= m >>> 2;
    m |= m >>> 4;
    m |= m >>> 8;
    m |= m >>> 16;
    m |= m >>> 32;
    return m;
  }
}
