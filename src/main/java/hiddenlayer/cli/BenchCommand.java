package hiddenlayer.cli;

import hiddenlayer.bench.BenchJson;
import hiddenlayer.bench.BenchPlan;
import hiddenlayer.bench.BenchResult;
import hiddenlayer.bench.BenchSuite;
import hiddenlayer.graph.Variant;
import hiddenlayer.tf1.gradients.GradientBuilder;
import hiddenlayer.train.TfRuntime;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: in one JVM, after warm-up, medians of MatMul rates, train steps, eval rounds,
 * startup phases and whole default runs. A table on stdout, or JSON with {@code --json}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measures MatMul rates, the train step of each variant, an eval round, "
        + "startup phases and the default run end to end (medians, in one JVM), the train "
        + "steps, eval round and runs on TF 2.18 and on TF 1.15's runtime alike."})
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "print JSON instead of a table")
  boolean json;

  @Option(names = "--reps", paramLabel = "N", defaultValue = "30",
      description = "timed repetitions of each step measurement (default: ${DEFAULT-VALUE})")
  int reps;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = RunOptions.THREADS_HELP)
  int threads;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
      description = "in-process default runs end to end (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--subprocess", paramLabel = "N", defaultValue = "0",
      description = "also time N fresh `java -jar ... run` processes (default: ${DEFAULT-VALUE})")
  int subprocess;

  @Option(names = "--jvm-arg", paramLabel = "ARG",
      description = "a JVM flag for the --subprocess runs (repeatable)")
  List<String> jvmArgs = new ArrayList<>();

  @Option(names = "--env", paramLabel = "K=V",
      description = "an environment variable for the --subprocess runs (repeatable), "
          + "e.g. TF_ENABLE_ONEDNN_OPTS=0")
  List<String> env = new ArrayList<>();

  @Option(names = "--skip", paramLabel = "PART", split = ",",
      description = "parts to skip: matmul, train, eval, startup, e2e, tf1 (every TF 1.15 "
          + "measurement), gradients (the train steps with the other gradient builder)")
  List<String> skip = new ArrayList<>();

  @Option(names = "--shape", paramLabel = "MxKxN",
      description = "an extra MatMul shape to measure (repeatable), e.g. 10000x784x512")
  List<String> shapes = new ArrayList<>();

  @Option(names = "--gradients", paramLabel = "tf1|registry",
      defaultValue = GradientBuilder.DEFAULT_NAME,
      converter = ModelOptions.GradientsConverter.class,
      description = "the gradient builder of every measurement; the train steps are also timed "
          + "with the other one, alternately (default: ${DEFAULT-VALUE})")
  GradientBuilder gradients = GradientBuilder.DEFAULT;

  @Option(names = "--profile", paramLabel = "VARIANT",
      description = "only trace train steps of none|layer|batch-keras|batch-collected and print "
          + "the time per op type (TF FULL_TRACE step stats); batch_keras and batch_collected "
          + "are taken too")
  String profile;

  @Option(names = "--tensors", paramLabel = "VARIANT",
      description = "only print a hash of every float tensor of one train step, one eval "
          + "forward pass and the variables after one step of none|layer|batch-keras|"
          + "batch-collected, from the initial weights (compare two with --tensors-diff)")
  String tensors;

  @Option(names = "--tensors-runtime", paramLabel = "tf2|tf1", defaultValue = "tf2",
      converter = RunOptions.RuntimeConverter.class,
      description = "the runtime of --tensors (default: ${DEFAULT-VALUE})")
  TfRuntime tensorsRuntime = TfRuntime.TF2;

  @Option(names = "--tensors-values", paramLabel = "FILE",
      description = "with --tensors: also write every tensor of the train step by value to "
          + "FILE, for --tensors-replay in another process (or runtime)")
  java.nio.file.Path tensorsValues;

  @Option(names = "--tensors-replay", paramLabel = "FILE",
      description = "with --tensors: only run each op of the train step fed with the inputs "
          + "FILE holds (--tensors-values of another process) and print whether its outputs "
          + "have the same bits, per node and per op type")
  java.nio.file.Path tensorsReplay;

  @Option(names = "--tensors-diff", paramLabel = "FILE", arity = "2",
      description = "only compare two outputs of --tensors bit for bit: the tensors that "
          + "differ, the first, and the op types whose own kernel differs")
  List<java.nio.file.Path> tensorsDiff;

  @Override
  public Integer call() throws Exception {
    checkOptions();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (tensorsDiff != null) {
      hiddenlayer.bench.TensorCaptures.printDiff(tensorsDiff.get(0), tensorsDiff.get(1), out);
      out.flush();
      return 0;
    }
    BenchSuite suite = new BenchSuite(plan(), err::println);
    if (tensorsReplay != null) {
      hiddenlayer.bench.TensorValues.print(
          suite.replay(variant(tensors).orElseThrow(), tensorsRuntime, tensorsReplay), out);
    } else if (tensorsValues != null) {
      out.write(new String(suite.tensorValues(variant(tensors).orElseThrow(), tensorsRuntime,
          tensorsValues),
          java.nio.charset.StandardCharsets.UTF_8));
    } else if (tensors != null) {
      out.write(new String(suite.tensors(variant(tensors).orElseThrow(), tensorsRuntime),
          java.nio.charset.StandardCharsets.UTF_8));
    } else if (profile != null) {
      BenchTable.print(suite.profile(variant(profile).orElseThrow()), out);
    } else {
      BenchResult r = suite.run();
      if (json) {
        out.println(BenchJson.of(r));
      } else {
        BenchTable.print(r, out);
      }
    }
    out.flush();
    return 0;
  }

  private BenchPlan plan() {
    Set<BenchPlan.Part> parts = EnumSet.noneOf(BenchPlan.Part.class);
    for (String part : skip) {
      parts.add(BenchPlan.Part.valueOf(part.toUpperCase(Locale.ROOT)));
    }
    List<BenchPlan.MatMulShape> extra = new ArrayList<>();
    for (String sh : shapes) {
      String[] p = sh.split("x");
      extra.add(new BenchPlan.MatMulShape(Integer.parseInt(p[0]), Integer.parseInt(p[1]),
          Integer.parseInt(p[2])));
    }
    Map<String, String> environment = new LinkedHashMap<>();
    for (String kv : env) {
      int eq = kv.indexOf('=');
      environment.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return new BenchPlan(reps, threads, runs, subprocess, parts, extra, gradients,
        new BenchPlan.FreshRuns(jvmArgs, environment, this::runArgs));
  }

  /** A fresh run's arguments: {@code run --quiet --runtime tf2}, with this bench's threads. */
  private List<String> runArgs(TfRuntime runtime) {
    List<String> args = new ArrayList<>(List.of("run", "--quiet", "--runtime",
        runtime.cliName()));
    if (threads > 0) {
      args.addAll(List.of("--threads", Integer.toString(threads)));
    }
    return args;
  }

  private static final Set<String> PARTS = Arrays.stream(BenchPlan.Part.values())
      .map(BenchPlan.Part::key).collect(Collectors.toUnmodifiableSet());

  /**
   * The variant {@code name} names: its {@link Variant#key()}, or the underscore spelling bench
   * took before ({@code batch_keras}).
   */
  static Optional<Variant> variant(String name) {
    return Variant.byKey(name.replace('_', '-'));
  }

  /** Every invalid value is a usage error naming its option. */
  private void checkOptions() {
    RunOptions.require(spec, reps >= 1, "--reps must be at least 1, got " + reps);
    RunOptions.checkThreads(spec, threads);
    RunOptions.require(spec, runs >= 0, "--runs must be at least 0, got " + runs);
    RunOptions.require(spec, subprocess >= 0,
        "--subprocess must be at least 0, got " + subprocess);
    for (String part : skip) {
      RunOptions.require(spec, PARTS.contains(part),
          "--skip takes matmul, train, eval, startup, e2e, tf1, gradients, got '" + part + "'");
    }
    for (String sh : shapes) {
      RunOptions.require(spec, sh.matches("[1-9][0-9]{0,5}x[1-9][0-9]{0,5}x[1-9][0-9]{0,5}"),
          "--shape must be MxKxN with positive sizes, got '" + sh + "'");
    }
    for (String kv : env) {
      RunOptions.require(spec, kv.indexOf('=') > 0, "--env must be K=V, got '" + kv + "'");
    }
    RunOptions.require(spec, profile == null || variant(profile).isPresent(),
        "--profile takes none, layer, batch-keras or batch-collected, got '" + profile + "'");
    RunOptions.require(spec, tensors == null || variant(tensors).isPresent(),
        "--tensors takes none, layer, batch-keras or batch-collected, got '" + tensors + "'");
    RunOptions.require(spec, (tensorsValues == null && tensorsReplay == null) || tensors != null,
        "--tensors-values and --tensors-replay need --tensors VARIANT");
    RunOptions.require(spec, tensorsValues == null || tensorsReplay == null,
        "--tensors-values and --tensors-replay exclude each other");
  }
}
