package hiddenlayer.data;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a loaded copy must match: the real MNIST, or (in tests) small synthetic copies.
 *
 * @param payloadSha256 expected payload fingerprints; a part without one is not checked
 */
record MnistSpec(int trainCount, int testCount, Map<MnistPart, String> payloadSha256) {
  /** The real MNIST: 60000 + 10000 images with the published fingerprints. */
  static final MnistSpec MNIST = new MnistSpec(60000, 10000, published());

  MnistSpec {
    payloadSha256 = Map.copyOf(payloadSha256);
  }

  int count(MnistPart part) {
    return part == MnistPart.TRAIN_IMAGES || part == MnistPart.TRAIN_LABELS
        ? trainCount
        : testCount;
  }

  Optional<String> expectedSha256(MnistPart part) {
    return Optional.ofNullable(payloadSha256.get(part));
  }

  private static Map<MnistPart, String> published() {
    Map<MnistPart, String> m = new EnumMap<>(MnistPart.class);
    for (MnistPart p : MnistPart.values()) {
      m.put(p, p.publishedPayloadSha256);
    }
    return m;
  }
}
