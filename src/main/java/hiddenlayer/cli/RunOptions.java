package hiddenlayer.cli;

import hiddenlayer.graph.BnUpdates;
import hiddenlayer.graph.GraphConfig;
import hiddenlayer.graph.Normalization;
import hiddenlayer.train.TrainConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options that choose a run, shared by {@code run}, {@code compare --run} and others. */
public final class RunOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--norm", paramLabel = "batch|layer|none", defaultValue = "batch",
      converter = NormConverter.class,
      description = "normalisation before each hidden tanh: batch (cell 3, default), "
          + "layer (exercise Q1, tf.contrib.layers.layer_norm) or none")
  Normalization norm = Normalization.BATCH;

  @Option(names = "--bn-updates", paramLabel = "keras|collected", defaultValue = "keras",
      converter = BnUpdatesConverter.class,
      description = "keras (default, what the notebook really ran): tf.keras's BatchNormalization "
          + "puts nothing in UPDATE_OPS, so the moving mean and variance stay 0 and 1 and every "
          + "training=False evaluation uses them; collected: the update ops are in UPDATE_OPS "
          + "(as tf.layers does) and run with every training step")
  BnUpdates bnUpdates = BnUpdates.KERAS;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "1000",
      description = "at most this many epochs (default: ${DEFAULT-VALUE})")
  int epochs = 1000;

  @Option(names = "--eval-every", paramLabel = "N", defaultValue = "10",
      description = "evaluate and print a row every N epochs (default: ${DEFAULT-VALUE})")
  int evalEvery = 10;

  @Option(names = "--patience", paramLabel = "N", defaultValue = "100",
      description = "stop when the best validation epoch + N < epoch (default: ${DEFAULT-VALUE})")
  int patience = 100;

  @Option(names = "--lr", paramLabel = "X", defaultValue = "0.001",
      description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
  double lr = 0.001;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "2020",
      description = "np.random.seed and tf.random.set_random_seed (default: ${DEFAULT-VALUE})")
  long seed = 2020;

  @Option(names = "--data", paramLabel = "PATH",
      description = "MNIST: a directory of the four IDX files (.gz or raw) or a Keras "
          + "mnist.npz (default: the bundled copy)")
  Optional<Path> data = Optional.empty();

  @Option(names = "--device", paramLabel = "cpu|gpu", defaultValue = "cpu",
      description = "cpu (default) or gpu (/GPU:0; needs the -Pgpu build and CUDA 12)")
  String device = "cpu";

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "intra- and inter-op threads, 0 = TensorFlow's choice (default: 0)")
  int threads;

  /** The validated configuration; any invalid value is a usage error naming the option. */
  public TrainConfig trainConfig() {
    require(epochs >= 1, "--epochs must be at least 1, got " + epochs);
    require(evalEvery >= 1, "--eval-every must be at least 1, got " + evalEvery);
    require(patience >= 0, "--patience must be at least 0, got " + patience);
    require(Double.isFinite(lr) && lr > 0 && Float.isFinite((float) lr) && (float) lr > 0,
        "--lr must be a positive finite number, got " + lr);
    require(seed >= 0 && seed <= 0xFFFFFFFFL,
        "--seed must be between 0 and 4294967295, got " + seed);
    require(device.equals("cpu") || device.equals("gpu"),
        "--device must be cpu or gpu, got '" + device + "'");
    require(threads >= 0, "--threads must be at least 0, got " + threads);
    GraphConfig graph = new GraphConfig(GraphConfig.NOTEBOOK_UNITS, norm, bnUpdates, seed,
        (float) lr, "");
    return new TrainConfig(graph, epochs, evalEvery, patience, threads, device.equals("gpu"));
  }

  /** A short line naming the configuration, for titles and progress. */
  public String describe() {
    String s = "norm=" + norm.cliName();
    if (norm == Normalization.BATCH) {
      s += " bn-updates=" + bnUpdates.cliName();
    }
    return s + " lr=" + lr + " seed=" + seed;
  }

  void require(boolean ok, String message) {
    if (!ok) {
      throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }

  static final class NormConverter implements CommandLine.ITypeConverter<Normalization> {
    @Override
    public Normalization convert(String value) {
      for (Normalization n : Normalization.values()) {
        if (n.cliName().equals(value)) {
          return n;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not one of batch, layer, none");
    }
  }

  static final class BnUpdatesConverter implements CommandLine.ITypeConverter<BnUpdates> {
    @Override
    public BnUpdates convert(String value) {
      for (BnUpdates b : BnUpdates.values()) {
        if (b.cliName().equals(value)) {
          return b;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not one of keras, collected");
    }
  }
}
