package hiddenlayer.cli;

import hiddenlayer.TensorFlowNatives;
import hiddenlayer.UserException;
import hiddenlayer.Versions;
import hiddenlayer.data.MnistData;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code java -jar hidden-layer-stabilization.jar COMMAND [options]}.
 *
 * <p>The one place where user errors become exit codes: usage errors exit 2 with a short
 * message and the usage, any {@link UserException} exits 1 with its one-line message.
 */
@Command(
    name = "hidden-layer-stabilization",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.Provider.class,
    description = "The TF1 notebook \"1.5 Hidden Layer Stabilization\", op for op on TensorFlow Java.")
public final class Main {
  /** The commands, in the order the usage lists them. */
  private static final List<Class<?>> COMMANDS = List.of(
      CommandLine.HelpCommand.class,
      RunCommand.class,
      GraphCommand.class,
      SplitCommand.class,
      CompareCommand.class,
      ReportCommand.class,
      BenchCommand.class,
      EvaluateCommand.class,
      CheckpointCommand.class,
      SavedModelCommand.class);

  public static final int EXIT_USER_ERROR = 1;
  public static final int EXIT_USAGE = 2;

  public static void main(String[] args) {
    TensorFlowNatives.configure();
    if (readsBundledData(args)) {
      // reading the bundled MNIST (about 0.5 s of CPU) overlaps picocli's start (about 0.3 s)
      MnistData.prefetchBundled();
    }
    System.exit(run(args));
  }

  /**
   * Whether {@code args} will read the bundled MNIST: {@code run}, {@code report} or {@code
   * compare --run}, without {@code --data} and not asking for help or the version. ({@code
   * bench} times the load itself.) A wrong guess costs only time: the read is never waited for.
   */
  static boolean readsBundledData(String... args) {
    if (args.length == 0 || Arrays.stream(args).anyMatch(
        a -> a.startsWith("--data") || a.equals("-h") || a.equals("--help") || a.equals("-V")
            || a.equals("--version"))) {
      return false;
    }
    return switch (args[0]) {
      case "run", "report", "evaluate" -> true;
      case "compare" -> Arrays.asList(args).contains("--run");
      default -> false;
    };
  }

  /** Runs a command and returns its exit code, never throwing for a user's mistake. */
  public static int run(String... args) {
    return commandLine(args).execute(args);
  }

  /** Runs a command with its stdout and stderr going to the given writers. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine(args);
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  /**
   * The command line for {@code args}: when they start with a command's name, only that command
   * is registered, since picocli reads every registered command's annotations at start-up (about
   * a tenth of a second of a fresh JVM for all of them); otherwise (no command, an unknown one,
   * {@code help}, the top-level options) all are, and the usage lists them as always.
   */
  static CommandLine commandLine(String... args) {
    CommandLine cli = new CommandLine(new Main());
    String first = args.length == 0 ? "" : args[0];
    boolean known = COMMANDS.stream().anyMatch(c -> nameOf(c).equals(first));
    for (Class<?> c : COMMANDS) {
      if (!known || first.equals("help") || nameOf(c).equals(first)) {
        cli.addSubcommand(c);
      }
    }
    cli.setExecutionExceptionHandler(Main::handleExecutionException);
    cli.setParameterExceptionHandler(Main::handleParameterException);
    return cli;
  }

  private static String nameOf(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  private static int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    if (e instanceof CommandLine.ParameterException pe) {
      return handleParameterException(pe, args(parseResult));
    }
    if (e instanceof UserException ue) {
      commandLine.getErr().println("error: " + UserMessages.of(ue));
      return EXIT_USER_ERROR;
    }
    throw asRuntime(e);
  }

  private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + e.getMessage());
    err.println();
    cmd.usage(err, cmd.getColorScheme());
    return EXIT_USAGE;
  }

  private static String[] args(CommandLine.ParseResult parseResult) {
    return parseResult == null ? new String[0] : parseResult.originalArgs().toArray(new String[0]);
  }

  private static RuntimeException asRuntime(Exception e) {
    return e instanceof RuntimeException re ? re : new RuntimeException(e);
  }
}
