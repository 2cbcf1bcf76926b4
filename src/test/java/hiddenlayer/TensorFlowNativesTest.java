package hiddenlayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TensorFlowNativesTest {
  @Test
  void theGpuClassifierKeepsJavaCppsGpuExtension() {
    // the -gpu build's CUDA preloads are what it needs
    assertEquals("-gpu", TensorFlowNatives.extension("linux-x86_64-gpu"));
  }

  @Test
  void theCpuClassifierGetsAnExtensionThatIsNotGpu() {
    assertEquals(TensorFlowNatives.CPU, TensorFlowNatives.extension("linux-x86_64"));
    assertEquals(TensorFlowNatives.CPU, TensorFlowNatives.extension("linux-arm64"));
  }

  @Test
  void anUnknownBuildLeavesJavaCppToItsDefault() {
    assertNull(TensorFlowNatives.extension("unknown"));
  }

  @Test
  void thisBuildsClassifierIsSelectedWhenNothingElseIs() {
    String before = System.getProperty(TensorFlowNatives.EXTENSION_PROPERTY);
    try {
      System.clearProperty(TensorFlowNatives.EXTENSION_PROPERTY);
      TensorFlowNatives.configure();
      assertEquals(TensorFlowNatives.extension(Versions.nativeClassifier()),
          System.getProperty(TensorFlowNatives.EXTENSION_PROPERTY));
      System.setProperty(TensorFlowNatives.EXTENSION_PROPERTY, "-mine");
      TensorFlowNatives.configure();
      assertEquals("-mine", System.getProperty(TensorFlowNatives.EXTENSION_PROPERTY));
    } finally {
      if (before == null) {
        System.clearProperty(TensorFlowNatives.EXTENSION_PROPERTY);
      } else {
        System.setProperty(TensorFlowNatives.EXTENSION_PROPERTY, before);
      }
    }
  }

  @Test
  void javaCppsPhysicalMemoryCheckIsOffUnlessAValueIsGiven() {
    // Pointer.deallocator reads the RSS on every native allocation while maxPhysicalBytes > 0
    // (JavaCPP 1.5.11, org.bytedeco.javacpp.Pointer); 0 turns that off.
    String before = System.getProperty(TensorFlowNatives.MAX_PHYSICAL_BYTES_PROPERTY);
    try {
      System.clearProperty(TensorFlowNatives.MAX_PHYSICAL_BYTES_PROPERTY);
      TensorFlowNatives.configure();
      assertEquals("0", System.getProperty(TensorFlowNatives.MAX_PHYSICAL_BYTES_PROPERTY));
      System.setProperty(TensorFlowNatives.MAX_PHYSICAL_BYTES_PROPERTY, "8g");
      TensorFlowNatives.configure();
      assertEquals("8g", System.getProperty(TensorFlowNatives.MAX_PHYSICAL_BYTES_PROPERTY));
    } finally {
      if (before == null) {
        System.clearProperty(TensorFlowNatives.MAX_PHYSICAL_BYTES_PROPERTY);
      } else {
        System.setProperty(TensorFlowNatives.MAX_PHYSICAL_BYTES_PROPERTY, before);
      }
    }
  }
}
