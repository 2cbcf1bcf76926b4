package hiddenlayer.cli;

import hiddenlayer.data.MnistData;
import hiddenlayer.data.NotebookSplit;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code split}: the notebook's 1100 training-set indices, validation first, one per line. */
@Command(
    name = "split",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the 1100 indices into the MNIST training set that the notebook selects,",
      "in its order: the first 100 are the validation set, the other 1000 the training set."
    })
public final class SplitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "2020",
      description = "np.random.seed, 0 to 4294967295 (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--data",
      paramLabel = "PATH",
      description = "MNIST to check first: a directory of the four IDX files (.gz or raw) "
          + "or a Keras mnist.npz (the indices do not depend on it)")
  Optional<Path> data = Optional.empty();

  @Override
  public Integer call() {
    if (seed < 0 || seed > 0xFFFFFFFFL) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--seed must be between 0 and 4294967295, got " + seed);
    }
    data.ifPresent(MnistData::load);
    StringBuilder lines = new StringBuilder();
    for (int index : NotebookSplit.indices(seed)) {
      lines.append(index).append('\n');
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(lines);
    out.flush();
    return 0;
  }
}
