package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hiddenlayer.report.OutputException;
import hiddenlayer.tf115.Tf115Exception;
import hiddenlayer.train.DeviceException;
import hiddenlayer.train.DivergenceException;
import hiddenlayer.train.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lower layers' errors, worded with the options a user can change. */
class UserMessagesTest {
  @Test
  void divergenceSuggestsASmallerLr() {
    RunResult partial = new RunResult(List.of(), 10, 0, 0, 0,
        new RunResult.Timings(0, 0, 0, 0));
    assertEquals("the loss diverged at epoch 10 (train loss NaN); try a smaller --lr than 1.0E38",
        UserMessages.of(new DivergenceException(10, Double.NaN, 1e38f, partial)));
  }

  @Test
  void noGpuNamesDeviceGpuAndSuggestsCpu() {
    assertEquals("--device gpu: TensorFlow finds no GPU (no kernel). These are TensorFlow's CPU "
        + "natives: build with -Pgpu (and CUDA 12, cuDNN 9), or use --device cpu",
        UserMessages.of(new DeviceException("no kernel", false)));
  }

  @Test
  void anUnusableTf115RuntimeNamesRuntimeTf1() {
    assertEquals("--runtime tf1: the child runs TF 1.14.0, not 1.15.0",
        UserMessages.of(Tf115Exception.wrongVersion("1.14.0")));
    assertEquals("--runtime tf1: cannot start /no/java (gone)",
        UserMessages.of(Tf115Exception.cannotStart("/no/java", new IOException("gone"))));
    assertEquals("TF 1.15.0, run: failed",
        UserMessages.of(new Tf115Exception("TF 1.15.0, run: failed")));
  }

  @Test
  void anOptionsOutputErrorBeginsWithTheOption() {
    OutputException e = new OutputException(Path.of("tb"), "cannot write (full)", null);
    assertEquals("--tensorboard tb: cannot write (full)",
        UserMessages.of(new OptionException("--tensorboard", e)));
  }
}
