package hiddenlayer.cli;

import hiddenlayer.TensorFlowNatives;
import hiddenlayer.report.CheckpointDiff;
import hiddenlayer.tf1.checkpoint.CheckpointReader;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code checkpoint list|diff}: what a TF1 checkpoint holds, and how two of them differ. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
    description = "Reads TF1 (V2) checkpoints: PREFIX.index + PREFIX.data-00000-of-00001, as "
        + "tf.train.Saver writes them, from Java or Python.",
    subcommands = {CheckpointCommand.ListCommand.class, CheckpointCommand.DiffCommand.class})
public final class CheckpointCommand {
  /** {@code checkpoint list PREFIX}: {@code tf.train.list_variables}, with dtypes. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Name, dtype and shape of every tensor in the checkpoint, by name "
          + "(like tf.train.list_variables).")
  static final class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "PREFIX", description = "the checkpoint, e.g. ckpt/notebook-0")
    String prefix;

    @Override
    public Integer call() {
      CheckpointReader reader = CheckpointReader.open(prefix);
      int width = 0;
      int dtypeWidth = "float32".length();
      for (CheckpointReader.Entry e : reader.entries().values()) {
        width = Math.max(width, e.name().length());
        dtypeWidth = Math.max(dtypeWidth, e.dtype().length());
      }
      PrintWriter out = spec.commandLine().getOut();
      for (CheckpointReader.Entry e : reader.entries().values()) {
        out.printf("%-" + width + "s  %-" + dtypeWidth + "s  %s%n", e.name(), e.dtype(),
            e.shapeText());
      }
      out.flush();
      return 0;
    }
  }

  /** {@code checkpoint diff A B [--tolerance X]}. */
  @Command(name = "diff", mixinStandardHelpOptions = true,
      description = {"Per variable max |a-b| and max relative difference, the variables only "
          + "in one, shape and dtype mismatches.",
          "Exit 0 when every variable agrees within --tolerance, 1 otherwise, 2 on a usage "
              + "error."})
  static final class DiffCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "a checkpoint prefix")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "another checkpoint prefix")
    String b;

    @Option(names = "--tolerance", paramLabel = "X", defaultValue = "0",
        converter = DoubleConverter.class,
        description = "largest |a-b| that still agrees (default: 0, bit-identical)")
    double tolerance;

    @Override
    public Integer call() {
      RunOptions.require(spec, Double.isFinite(tolerance) && tolerance >= 0,
          "--tolerance must be a finite number >= 0, got " + tolerance);
      CheckpointReader ra = CheckpointReader.open(a);
      CheckpointReader rb = CheckpointReader.open(b);
      TensorFlowNatives.load(); // the values are read by TensorFlow's RestoreV2
      CheckpointDiff diff = CheckpointDiff.of(ra, rb, tolerance);
      PrintWriter out = spec.commandLine().getOut();
      out.print(diff.text());
      out.flush();
      return diff.agrees() ? 0 : Main.EXIT_USER_ERROR;
    }
  }
}
