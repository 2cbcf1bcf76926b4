package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.tf115.Tf115Runtime;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * How the tests run a command: its exit code and what it printed on stdout and stderr. {@link
 * #run} runs it in this JVM, as {@link Main#run(PrintWriter, PrintWriter, String...)} does;
 * {@link #fresh} starts a new JVM for it, as {@code java -jar} would, for what only a new process
 * shows (nothing shared with this one but the files); {@link #exec} runs any other program the
 * same way.
 */
record Cli(int exitCode, String out, String err) {
  /** How long {@link #fresh} waits for its JVM. */
  private static final Duration FRESH_TIMEOUT = Duration.ofMinutes(5);

  /** {@code args} run in this JVM. */
  static Cli run(String... args) {
    return run(commandLine -> {}, args);
  }

  /**
   * {@code args} run in this JVM, on the command line as {@link Main} builds it after {@code
   * setup} has changed it (e.g. put a fake in place of a subcommand's runner).
   */
  static Cli run(Consumer<CommandLine> setup, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(args);
    setup.accept(cli);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Cli(code, out.toString(), err.toString());
  }

  /**
   * {@code args} run by {@link Main#main} in a new JVM with this one's class path, as {@code java
   * -jar hidden-layer-stabilization.jar} runs them (the tests run before the jar is packaged).
   */
  static Cli fresh(String... args) {
    List<String> command = new ArrayList<>(List.of(Tf115Runtime.javaLauncher().toString(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return exec(FRESH_TIMEOUT, command);
  }

  /**
   * Any program, {@code command}, in a new process with no input and TensorFlow's C++ logging
   * below warnings (as the pom sets it for the tests); fails if it runs longer than {@code
   * timeout}. Throws {@link UncheckedIOException} if it cannot start (e.g. not on the PATH).
   */
  static Cli exec(Duration timeout, List<String> command) {
    try {
      Path err = Files.createTempFile("cli-stderr", ".txt");
      try {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
          p.destroyForcibly();
        }
        assertTrue(exited, "still running after " + timeout + ": " + command);
        return new Cli(p.exitValue(), out, Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + command, e);
    }
  }

  String[] outLines() {
    return out.isEmpty() ? new String[0] : out.split("\n");
  }
}
