package hiddenlayer.data;

/** The four arrays of MNIST, under their IDX file names and their Keras {@code mnist.npz} names. */
enum MnistPart {
  TRAIN_IMAGES("train-images-idx3-ubyte", "x_train.npy",
      "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757"),
  TRAIN_LABELS("train-labels-idx1-ubyte", "y_train.npy",
      "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13"),
  TEST_IMAGES("t10k-images-idx3-ubyte", "x_test.npy",
      "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161"),
  TEST_LABELS("t10k-labels-idx1-ubyte", "y_test.npy",
      "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5");

  static final int IMAGES_MAGIC = 2051;
  static final int LABELS_MAGIC = 2049;

  /** The IDX file name without {@code .gz}. */
  final String idxName;
  /** The entry name in Keras' {@code mnist.npz}. */
  final String npyName;
  /**
   * SHA-256 of the payload (the bytes after the IDX header, which are also the .npy array
   * data), as listed in resources/mnist/README.md: independent of compression.
   */
  final String publishedPayloadSha256;

  MnistPart(String idxName, String npyName, String publishedPayloadSha256) {
    this.idxName = idxName;
    this.npyName = npyName;
    this.publishedPayloadSha256 = publishedPayloadSha256;
  }

  boolean isImages() {
    return this == TRAIN_IMAGES || this == TEST_IMAGES;
  }

  int idxMagic() {
    return isImages() ? IMAGES_MAGIC : LABELS_MAGIC;
  }
}
