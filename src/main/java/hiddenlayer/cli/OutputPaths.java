package hiddenlayer.cli;

import hiddenlayer.report.OutputException;
import hiddenlayer.report.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Output options checked before any work: a path that cannot be written is a usage error. */
final class OutputPaths {
  private OutputPaths() {}

  /** A file option ({@code --csv FILE}): its directory exists and is writable. */
  static void checkFile(CommandSpec spec, Path file, String option) {
    if (file != null) {
      usage(spec, option + " " + file, () -> OutputFiles.checkWritable(file));
    }
  }

  /** A directory option ({@code --tensorboard DIR}): DIR is writable, or its parent takes it. */
  static void checkDirectory(CommandSpec spec, Path dir, String option) {
    if (dir == null) {
      return;
    }
    usage(spec, () -> {
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw new OutputException(option + " " + dir + ": is not a directory");
      }
      if (Files.isDirectory(dir) && !Files.isWritable(dir)) {
        throw new OutputException(option + " " + dir + ": is not writable");
      }
      Path parent = dir.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir) && (parent == null || !Files.isDirectory(parent))) {
        throw new OutputException(option + " " + dir + ": parent directory " + parent
            + " does not exist");
      }
      if (!Files.isDirectory(dir) && !Files.isWritable(parent)) {
        throw new OutputException(option + " " + dir + ": parent directory " + parent
            + " is not writable");
      }
    });
  }

  /**
   * A checkpoint prefix option ({@code --save-checkpoint ckpt/notebook}): the directory it names
   * files in exists and is writable ({@code saver.save} does not create it either).
   */
  static void checkPrefix(CommandSpec spec, String prefix, String option) {
    if (prefix == null) {
      return;
    }
    usage(spec, () -> {
      if (prefix.isEmpty() || prefix.endsWith("/")) {
        throw new OutputException(option + " '" + prefix + "': names a directory, not a prefix "
            + "(e.g. ckpt/notebook)");
      }
    });
    usage(spec, option + " " + prefix, () -> OutputFiles.checkDirectoryOf(Path.of(prefix)));
  }

  /**
   * A usage error if {@code check} throws; its reason follows {@code named}, the option and the
   * value as given ({@code --csv out/log.csv: directory /x/out does not exist}).
   */
  static void usage(CommandSpec spec, String named, Runnable check) {
    try {
      check.run();
    } catch (OutputException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), named + ": " + e.reason());
    }
  }

  private static void usage(CommandSpec spec, Runnable check) {
    try {
      check.run();
    } catch (OutputException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
