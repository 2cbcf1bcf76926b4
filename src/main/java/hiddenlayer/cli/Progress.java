package hiddenlayer.cli;

import hiddenlayer.train.EvalRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import hiddenlayer.report.ConfigurationGrid;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr, only when stderr is a terminal and not --quiet. */
public final class Progress implements ConfigurationGrid.RunListener {
  private final ProgressBar bar;
  private double bestValid;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  static Progress start(boolean quiet, int epochs) {
    if (quiet || !stderrIsTerminal()) {
      return new Progress(null);
    }
    return new Progress(new ProgressBarBuilder().setTaskName("epochs").setInitialMax(epochs)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(
            new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(200).build());
  }

  /**
   * Whether fd 2 is a terminal. Java has no isatty; on Linux the link {@code /proc/self/fd/2}
   * names the terminal ({@code /dev/pts/N}, {@code /dev/ttyN}). Elsewhere, the console test.
   */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }

  @Override
  public void onEpoch(int epoch) {
    if (bar != null) {
      bar.stepTo(epoch);
    }
  }

  @Override
  public void onEval(EvalRecord row) {
    if (bar != null) {
      bestValid = Math.max(bestValid, row.validAccuracy());
      bar.setExtraMessage(String.format("train loss %.4f, best valid %.4f", row.trainLoss(),
          bestValid));
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
