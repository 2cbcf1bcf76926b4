package hiddenlayer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.data.MnistData;
import hiddenlayer.data.NotebookSplit;
import org.junit.jupiter.api.Test;

/**
 * The training layer's user errors carry what went wrong as data and word it without any
 * command-line option: the options are the CLI's to name.
 */
class UserErrorDataTest {
  @Test
  void divergenceCarriesTheEpochTheLossAndTheLearningRate() {
    // Adam's first step moves every weight by about lr: at 1e38 the losses overflow.
    TrainConfig config = TrainConfig.notebook().withEpochs(30)
        .withGraph(TrainConfig.notebook().graph().withLearningRate(1e38f));
    NotebookSplit split = NotebookSplit.of(MnistData.loadBundled(), config.graph().seed());
    DivergenceException e = assertThrows(DivergenceException.class,
        () -> Trainer.run(config, split, new Trainer.Listener() {}));
    EvalRecord last = e.partial().rows().get(e.partial().rows().size() - 1);
    assertEquals(last.epoch(), e.epoch()); // the evaluation that found it ends the rows
    assertEquals(e.epoch() / 10, e.partial().rows().size()); // one evaluation every 10 epochs
    assertEquals(last.trainLoss(), e.trainLoss());
    assertFalse(Double.isFinite(last.trainLoss()) && Double.isFinite(last.validLoss())
        && Double.isFinite(last.testLoss()), last.toString());
    assertEquals(1e38f, e.learningRate());
    assertEquals("the loss diverged at epoch 10 (train loss " + e.trainLoss() + ")",
        e.getMessage());
  }

  @Test
  void deviceErrorCarriesTensorFlowsReasonAndWhichNatives() {
    DeviceException cpu = new DeviceException("no GPU kernel", false);
    assertEquals("no GPU kernel", cpu.reason());
    assertFalse(cpu.gpuNatives());
    assertEquals("TensorFlow finds no GPU (no GPU kernel). These are TensorFlow's CPU natives: "
        + "build with -Pgpu (and CUDA 12, cuDNN 9)", cpu.getMessage());
    DeviceException gpu = new DeviceException("libcudart.so.12 not found", true);
    assertTrue(gpu.gpuNatives());
    assertEquals("TensorFlow finds no GPU (libcudart.so.12 not found). These are TensorFlow's "
        + "GPU natives: install CUDA 12 and cuDNN 9 (or put them on LD_LIBRARY_PATH) with a "
        + "working driver", gpu.getMessage());
  }

  @Test
  void aMissingGpuIsADeviceErrorWithoutOptionNames() {
    // These tests run on the CPU natives: no op can be placed on /GPU:0.
    DeviceException e = assertThrows(DeviceException.class,
        () -> Devices.requireGpu(org.tensorflow.proto.ConfigProto.getDefaultInstance()));
    assertFalse(e.gpuNatives());
    assertFalse(e.reason().contains("\n"), e.reason());
    assertFalse(e.getMessage().contains("--"), e.getMessage());
  }
}
