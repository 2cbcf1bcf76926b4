package hiddenlayer;

import java.util.Locale;
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
 *
 * <p>JavaCPP also reads the process's resident size ({@code /proc/self/statm}) each time it
 * registers a native allocation, to force a garbage collection once the size passes {@code
 * maxPhysicalBytes} (by default twice the heap limit). Building a graph makes thousands of such
 * allocations (each op's inputs, names and status), so the check is a third of a warm graph
 * build. Nothing here relies on the garbage collector to free native memory (every Tensor,
 * Result, Session and Graph is closed, and a 1000-epoch run holds the RSS of a 100-epoch one:
 * {@code src/test/sh/memory-check.sh}), so the check is turned off ({@code 0}), unless {@code
 * -Dorg.bytedeco.javacpp.maxPhysicalBytes} is given.
 */
public final class TensorFlowNatives {
  static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
  static final String MAX_PHYSICAL_BYTES_PROPERTY = "org.bytedeco.javacpp.maxPhysicalBytes";
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

  /**
   * Sets JavaCPP's platform extension from the build's classifier and turns its physical-memory
   * check off, each unless already set. Takes effect only before JavaCPP's first use in this JVM.
   */
  public static void configure() {
    String extension = extension(Versions.nativeClassifier());
    if (extension != null && System.getProperty(EXTENSION_PROPERTY) == null) {
      System.setProperty(EXTENSION_PROPERTY, extension);
    }
    if (System.getProperty(MAX_PHYSICAL_BYTES_PROPERTY) == null
        && System.getProperty(MAX_PHYSICAL_BYTES_PROPERTY.toLowerCase(Locale.ROOT)) == null) {
      System.setProperty(MAX_PHYSICAL_BYTES_PROPERTY, "0");
    }
  }

  /** Loads the library (once per JVM), configured; returns TensorFlow's version. */
  public static String load() {
    configure();
    return TensorFlow.version();
  }
}
