package hiddenlayer.train;

import hiddenlayer.Versions;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;

/** Whether TensorFlow can see a GPU, asked the only reliable way: by placing an op on it. */
final class Devices {
  static final String GPU = "/GPU:0";

  private Devices() {}

  /**
   * Throws a {@link DeviceException} unless an op can run on {@code /GPU:0}; the probe session
   * uses the run's {@code sessionConfig}, without soft placement.
   */
  static void requireGpu(ConfigProto sessionConfig) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g).withDevice(
          DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
      var c = tf.constant(1f);
      ConfigProto noSoftPlacement = sessionConfig.toBuilder().setAllowSoftPlacement(false).build();
      try (Session s = new Session(g, noSoftPlacement); Result r = s.runner().fetch(c).run()) {
        // placed and ran on the GPU
      }
    } catch (RuntimeException e) {
      throw new DeviceException(firstLine(e), Versions.nativeClassifier().endsWith("-gpu"));
    }
  }

  private static String firstLine(RuntimeException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
