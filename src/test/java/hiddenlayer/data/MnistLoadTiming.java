package hiddenlayer.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Not a test: prints the median time of several full loads, warm JVM.
 * {@code java -cp target/classes:target/test-classes:DEPS hiddenlayer.data.MnistLoadTiming [PATH]}
 */
public final class MnistLoadTiming {
  private MnistLoadTiming() {}

  public static void main(String[] args) {
    Optional<Path> path = args.length > 0 ? Optional.of(Path.of(args[0])) : Optional.empty();
    int runs = 11;
    long[] millis = new long[runs];
    for (int warmup = 0; warmup < 3; warmup++) {
      MnistData.load(path);
    }
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      MnistData data = MnistData.load(path);
      millis[r] = (System.nanoTime() - t0) / 1_000_000;
      if (data.trainCount() != MnistData.TRAIN_COUNT) {
        throw new AssertionError(data);
      }
    }
    Arrays.sort(millis);
    System.out.println(
        "MNIST load " + path.map(Path::toString).orElse("(bundled)") + ": median "
            + millis[runs / 2] + " ms, min " + millis[0] + " ms, max " + millis[runs - 1]
            + " ms over " + runs + " loads");
  }
}
