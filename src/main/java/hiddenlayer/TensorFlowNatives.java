package hiddenlayer;

import org.tensorflow.TensorFlow;

/**
 * TensorFlow's native library, and telling JavaCPP which build of it is on the class path.
 *
 * <p>Unless told its platform extension, JavaCPP's TensorFlow preset assumes the {@code -gpu}
 * build may be present and first searches the class path and {@code java.library.path} for
 * 17 CUDA libraries ({@code cudart} to {@code cudnn_cnn_train}), one by one, before it loads
 * the CPU build: about 0.3 s of every fresh run. Naming the extension of the natives this jar
 * was built with (Maven's classifier) removes that search for the CPU build and changes
 * nothing for the GPU build. A value given with {@code -Dorg.bytedeco.javacpp.platform.extension}
 * wins.
 */
public final class TensorFlowNatives {
  static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
  private static final String GPU = "-gpu";
  /**
   * What the CPU build is called here. JavaCPP reads an empty extension as "not given", so the
   * CPU build needs a name of its own; it matches no resource, and JavaCPP then takes the
   * platform's own directory, where the CPU natives are.
   */
  static final String CPU = "-cpu";

  private TensorFlowNatives() {}

  /** The platform extension of the natives named by Maven's {@code classifier}, or null. */
  static String extension(String classifier) {
    if (classifier.endsWith(GPU)) {
      return GPU;
    }
    return classifier.startsWith("linux-") ? CPU : null;
  }

  /** Sets JavaCPP's platform extension from the build's classifier, unless already set. */
  public static void selectExtension() {
    String extension = extension(Versions.nativeClassifier());
    if (extension != null && System.getProperty(EXTENSION_PROPERTY) == null) {
      System.setProperty(EXTENSION_PROPERTY, extension);
    }
  }

  /** Loads the library (once per JVM) with the extension selected; returns TensorFlow's version. */
  public static String load() {
    selectExtension();
    return TensorFlow.version();
  }
}
