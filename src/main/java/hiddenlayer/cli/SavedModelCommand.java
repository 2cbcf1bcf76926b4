package hiddenlayer.cli;

import hiddenlayer.TensorFlowNatives;
import hiddenlayer.tf1.savedmodel.SavedModelBuilder;
import hiddenlayer.tf1.savedmodel.SavedModelFiles;
import hiddenlayer.tf1.savedmodel.SavedModelListing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import hiddenlayer.train.SavedModelExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code saved-model export|show}: TF1 SavedModels, written and listed. */
@Command(name = "saved-model", mixinStandardHelpOptions = true,
    description = "TF1 SavedModels, as tf.saved_model.builder.SavedModelBuilder writes them and "
        + "saved_model_cli shows them.",
    subcommands = {SavedModelCommand.ExportCommand.class, SavedModelCommand.ShowCommand.class})
public final class SavedModelCommand {
  /** {@code saved-model export PREFIX DIR}. */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {"Writes checkpoint PREFIX of the graph as a TF1 SavedModel in DIR (tag "
          + "serve; saved_model.pb and variables/), as tf.saved_model.builder.SavedModelBuilder "
          + "writes it. Signatures: serving_default (images float32 [-1, 784], raw pixels, to "
          + "logits and classes) and evaluate (images, labels to loss, accuracy); the training "
          + "flag defaults to False.",
          "DIR must not exist or be empty; it appears only once the export is whole."})
  static final class ExportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin VariantOptions variant;
    @Mixin ModelOptions model;

    @Parameters(index = "0", paramLabel = "PREFIX", description = "the checkpoint, e.g. "
        + "ckpt/notebook-161")
    String prefix;

    @Parameters(index = "1", paramLabel = "DIR", description = "the SavedModel directory")
    Path dir;

    /** Where the export's bytes go; tests put a full disk here. */
    SavedModelBuilder.Io io = SavedModelBuilder.FILES;

    @Override
    public Integer call() {
      var config = model.graphConfig(variant);
      TensorFlowNatives.load();
      SavedModelExport.export(config, prefix, dir, io);
      return 0;
    }
  }

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
