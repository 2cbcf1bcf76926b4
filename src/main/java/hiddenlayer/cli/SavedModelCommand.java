package hiddenlayer.cli;

import hiddenlayer.tf1.savedmodel.SavedModelFiles;
import hiddenlayer.tf1.savedmodel.SavedModelListing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code saved-model export|show}: TF1 SavedModels, written and listed. */
@Command(name = "saved-model", mixinStandardHelpOptions = true,
    description = "TF1 SavedModels, as tf.saved_model.builder.SavedModelBuilder writes them and "
        + "saved_model_cli shows them.",
    subcommands = {SavedModelCommand.ShowCommand.class})
public final class SavedModelCommand {
  /** {@code saved-model show DIR}: {@code saved_model_cli show --dir DIR --all}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Tag-sets, signatures and their inputs and outputs (dtype, shape, tensor "
          + "name), as saved_model_cli show --dir DIR --all prints them.")
  static final class ShowCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "a SavedModel directory")
    Path dir;

    @Override
    public Integer call() {
      String text = SavedModelListing.showAll(SavedModelFiles.read(dir));
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
      return 0;
    }
  }
}
