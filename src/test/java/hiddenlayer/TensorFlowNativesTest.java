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
      TensorFlowNatives.selectExtension();
      assertEquals(TensorFlowNatives.extension(Versions.nativeClassifier()),
          System.getProperty(TensorFlowNatives.EXTENSION_PROPERTY));
      System.setProperty(TensorFlowNatives.EXTENSION_PROPERTY, "-mine");
      TensorFlowNatives.selectExtension();
      assertEquals("-mine", System.getProperty(TensorFlowNatives.EXTENSION_PROPERTY));
    } finally {
      if (before == null) {
        System.clearProperty(TensorFlowNatives.EXTENSION_PROPERTY);
      } else {
        System.setProperty(TensorFlowNatives.EXTENSION_PROPERTY, before);
      }
    }
  }
}
