package hiddenlayer.cli;

import hiddenlayer.graph.GraphConfig;
import hiddenlayer.train.TfRuntime;
import hiddenlayer.train.TrainConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** How a run goes: its loop, its data, its device. Shared by run, compare --run, report. */
public final class RunOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "1000",
      description = "at most this many epochs (default: ${DEFAULT-VALUE})")
  int epochs = 1000;

  @Option(names = "--eval-every", paramLabel = "N", defaultValue = "10",
      description = "evaluate and print a row every N epochs (default: ${DEFAULT-VALUE})")
  int evalEvery = 10;

  @Option(names = "--patience", paramLabel = "N", defaultValue = "100",
      description = "stop when the best validation epoch + N < epoch (default: ${DEFAULT-VALUE})")
  int patience = 100;

  @Option(names = "--data", paramLabel = "PATH",
      description = "MNIST: a directory of the four IDX files (.gz or raw) or a Keras "
          + "mnist.npz (default: the bundled copy)")
  Optional<Path> data = Optional.empty();

  @Option(names = "--device", paramLabel = "cpu|gpu", defaultValue = "cpu",
      description = "cpu (default) or gpu (/GPU:0; needs the -Pgpu build and CUDA 12)")
  String device = "cpu";

  /**
   * The most {@code --threads} (run's and bench's) takes. TensorFlow starts that many threads in
   * each of its two pools before the first step, so an unbounded value stalls start-up and grows
   * the process without limit (10000 took minutes and 1.5 GB before anything printed). 1024 is
   * above the hardware threads of the largest servers (two 192-core CPUs with SMT: 768), so no
   * machine's own thread count is refused; beyond it threads only wait for cores.
   */
  static final int MAX_THREADS = 1024;

  /** {@code --threads}' help: the default, the bound and why. */
  static final String THREADS_HELP = "intra- and inter-op threads, 0 = TensorFlow's choice "
      + "(default: 0); at most " + MAX_THREADS + ", above the hardware threads of the largest "
      + "servers: more only wait for cores and cost start-up time and memory";

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = THREADS_HELP)
  int threads;

  @Option(names = "--runtime", paramLabel = "tf2|tf1", defaultValue = "tf2",
      converter = RuntimeConverter.class,
      description = "tf2 (default): TensorFlow Java 1.1.0 (TF 2.18, oneDNN) in this JVM; tf1: "
          + "TF 1.15.0's own runtime (Eigen, CPU only), the notebook's TensorFlow, in a child "
          + "JVM")
  TfRuntime runtime = TfRuntime.TF2;

  /**
   * The validated configuration of a run of {@code variant} (the notebook's batch norm with
   * keras updates when null); any invalid value is a usage error naming the option.
   */
  public TrainConfig trainConfig(ModelOptions model, VariantOptions variant) {
    require(epochs >= 1, "--epochs must be at least 1, got " + epochs);
    require(evalEvery >= 1, "--eval-every must be at least 1, got " + evalEvery);
    require(patience >= 0, "--patience must be at least 0, got " + patience);
    require(device.equals("cpu") || device.equals("gpu"),
        "--device must be cpu or gpu, got '" + device + "'");
    checkThreads(spec, threads);
    require(!(device.equals("gpu") && runtime == TfRuntime.TF1),
        "--device gpu: TF 1.15's runtime (--runtime tf1) is CPU only");
    GraphConfig graph = model.graphConfig(variant);
    return new TrainConfig(graph, epochs, evalEvery, patience, threads, device.equals("gpu"),
        runtime);
  }

  /** {@code " runtime=tf1"} for TF 1.15's runtime, nothing for the default. */
  String describeRuntime() {
    return runtime == TfRuntime.TF2 ? "" : " runtime=" + runtime.cliName();
  }

  static final class RuntimeConverter extends ByCliName<TfRuntime> {
    RuntimeConverter() {
      super(TfRuntime.values(), TfRuntime::cliName);
    }
  }

  /**
   * The constant of an enum option whose command-line name is the value; any other value is
   * "'x' is not one of a, b", the names in declaration order.
   */
  abstract static class ByCliName<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
    private final E[] values;
    private final Function<E, String> cliName;

    ByCliName(E[] values, Function<E, String> cliName) {
      this.values = values;
      this.cliName = cliName;
    }

    @Override
    public E convert(String value) {
      for (E e : values) {
        if (cliName.apply(e).equals(value)) {
          return e;
        }
      }
      throw new CommandLine.TypeConversionException("'" + value + "' is not one of "
          + String.join(", ", Arrays.stream(values).map(cliName).toList()));
    }
  }

  /** {@code --threads}: 0 to {@link #MAX_THREADS}, else a usage error of {@code spec}. */
  static void checkThreads(CommandSpec spec, int threads) {
    require(spec, threads >= 0, "--threads must be at least 0, got " + threads);
    require(spec, threads <= MAX_THREADS,
        "--threads must be at most " + MAX_THREADS + ", got " + threads);
  }

  void require(boolean ok, String message) {
    require(spec, ok, message);
  }

  /** A usage error (exit 2) of the command {@code spec} belongs to, unless {@code ok}. */
  static void require(CommandSpec spec, boolean ok, String message) {
    if (!ok) {
      throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }

  /**
   * A usage error, "NAME does not apply with {@code because}", for the first of {@code names}
   * given on the command line: options that another option makes meaningless.
   */
  static void requireAbsent(CommandSpec spec, List<String> names, String because) {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    for (String name : names) {
      require(spec, parsed == null || !parsed.hasMatchedOption(name),
          name + " does not apply with " + because);
    }
  }
}
