package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.tf1.savedmodel.SavedModelBuilder;
import hiddenlayer.tf1.savedmodel.SavedModelFiles;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.exceptions.TFResourceExhaustedException;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import picocli.CommandLine;

/**
 * {@code saved-model export PREFIX DIR} of a 10-epoch run's checkpoint, {@code saved-model show}
 * of it, {@code evaluate --saved-model}, and what goes wrong on the way.
 */
class SavedModelExportTest {
  @TempDir static Path shared;
  static String prefix;

  @BeforeAll
  static void checkpoint() {
    Cli r = Cli.run("run", "--quiet", "--epochs", "10", "--save-checkpoint",
        shared.resolve("run").toString());
    assertEquals(0, r.exitCode(), r.err());
    prefix = shared.resolve("run-10").toString();
  }

  /**
   * The serving signature, derived from the notebook: {@code x = tf.placeholder(tf.float32,
   * [None, 784])} is the graph's first placeholder ({@code Placeholder:0}); the logits {@code
   * y_hat} are the third layer's {@code tf.matmul(layer, weight) + bias}, the graph's third
   * top-level {@code add} ({@code add_2:0}, [?, 10]); {@code tf.argmax(y_hat, 1)} after cell 4,
   * which made {@code ArgMax} and {@code ArgMax_1}, is {@code ArgMax_2:0} (int64, [?]). Method:
   * {@code signature_constants.PREDICT_METHOD_NAME}.
   */
  static final String SERVING_DEFAULT = """

      signature_def['serving_default']:
        The given SavedModel SignatureDef contains the following input(s):
          inputs['images'] tensor_info:
              dtype: DT_FLOAT
              shape: (-1, 784)
              name: Placeholder:0
        The given SavedModel SignatureDef contains the following output(s):
          outputs['classes'] tensor_info:
              dtype: DT_INT64
              shape: (-1)
              name: ArgMax_2:0
          outputs['logits'] tensor_info:
              dtype: DT_FLOAT
              shape: (-1, 10)
              name: add_2:0
        Method name is: tensorflow/serving/predict
      """;

  @Test
  void exportsWhatTensorFlowLoadsAndEvaluatesAsTheCheckpoint(@TempDir Path dir) {
    Path export = dir.resolve("export");
    Cli e = Cli.run("saved-model", "export", prefix, export.toString());
    assertEquals(0, e.exitCode(), e.err());
    assertEquals("", e.out());
    assertEquals(List.of("saved_model.pb", "variables"), list(export));
    assertEquals(List.of("variables.data-00000-of-00001", "variables.index"),
        list(export.resolve("variables")));
    assertEquals(List.of("export"), list(dir), "no temporary directory left");

    Cli show = Cli.run("saved-model", "show", export.toString());
    assertEquals(0, show.exitCode(), show.err());
    assertTrue(show.out().startsWith(
        "\nMetaGraphDef with tag-set: 'serve' contains the following SignatureDefs:\n"));
    assertTrue(show.out().endsWith(SERVING_DEFAULT), show.out());

    SavedModel model = SavedModelFiles.read(export);
    assertEquals(1, model.getSavedModelSchemaVersion()); // constants.SAVED_MODEL_SCHEMA_VERSION
    assertEquals(1, model.getMetaGraphsCount());
    MetaGraphDef meta = model.getMetaGraphs(0);
    assertEquals(List.of("serve"), meta.getMetaInfoDef().getTagsList());
    assertEquals("10", meta.getMetaInfoDef().getMetaGraphVersion()); // the global step
    assertEquals("save/restore_all", meta.getSaverDef().getRestoreOpName());
    assertEquals("save/Const:0", meta.getSaverDef().getFilenameTensorName());
    assertTrue(meta.getSaverDef().getSharded());
    // TF_GRAPH_DEF_VERSION of TF 1.15.0 (core/public/version.h), as its Python writes it
    assertEquals(134, meta.getGraphDef().getVersions().getProducer());
    // training = tf.placeholder_with_default(False, shape=[], name='Placeholder_2')
    NodeDef training = meta.getGraphDef().getNodeList().stream()
        .filter(n -> n.getName().equals("Placeholder_2")).findFirst().orElseThrow();
    assertEquals("PlaceholderWithDefault", training.getOp());
    assertEquals(List.of("Placeholder_2/input"), training.getInputList());
    assertTrue(meta.getMetaInfoDef().getStrippedOpList().getOpList().stream()
        .anyMatch(o -> o.getName().equals("MergeV2Checkpoints")));

    // TensorFlow's RestoreV2 reads both: the builder's sharded save holds the same bytes
    Cli diff = Cli.run("checkpoint", "diff", prefix,
        export.resolve("variables/variables").toString());
    assertEquals(0, diff.exitCode(), diff.out() + diff.err());

    // two paths on this machine, one TF 2.18: TF's SavedModel loader and the Java graph
    Cli fromCheckpoint = Cli.run("evaluate", prefix);
    Cli fromSavedModel = Cli.run("evaluate", "--saved-model", export.toString());
    assertEquals(0, fromSavedModel.exitCode(), fromSavedModel.err());
    assertEquals(fromCheckpoint.out(), fromSavedModel.out());
    assertTrue(fromSavedModel.out().startsWith("10 "), fromSavedModel.out());
  }

  @Test
  void aDirectoryThatIsNotEmptyIsRefused(@TempDir Path dir) throws IOException {
    Path export = Files.createDirectory(dir.resolve("export"));
    Files.writeString(export.resolve("keep.txt"), "mine");
    Cli r = Cli.run("saved-model", "export", prefix, export.toString());
    assertEquals(1, r.exitCode());
    assertEquals("error: " + export + ": export directory already exists, and isn't empty; "
        + "choose another or empty it\n", r.err());
    assertEquals(List.of("keep.txt"), list(export));
    assertEquals(List.of("export"), list(dir));
  }

  @Test
  void anEmptyDirectoryIsReplaced(@TempDir Path dir) throws IOException {
    Path export = Files.createDirectory(dir.resolve("export"));
    Cli r = Cli.run("saved-model", "export", prefix, export.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(List.of("saved_model.pb", "variables"), list(export));
  }

  @Test
  void aDirectoryThatCannotBeWrittenIsOneLine(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    Cli r = Cli.run("saved-model", "export", prefix, file.resolve("export").toString());
    assertEquals(1, r.exitCode());
    assertEquals("error: " + file.resolve("export") + ": cannot be written (" + file
        + " is not a directory)\n", r.err());
    Cli f = Cli.run("saved-model", "export", prefix, file.toString());
    assertEquals(1, f.exitCode());
    assertEquals("error: " + file + ": exists and is not a directory\n", f.err());
    Cli m = Cli.run("saved-model", "export", prefix, dir.resolve("no/export").toString());
    assertEquals(1, m.exitCode());
    assertEquals("error: " + dir.resolve("no/export") + ": cannot be written (no such "
        + "directory: " + dir.resolve("no") + ")\n", m.err());
    assertEquals(List.of("file"), list(dir));
  }

  /** TF 2.18's message for a full disk under SaveV2 (as the event writer's in StoppedRunTest). */
  @Test
  void aDiskFullWhileTheVariablesAreSavedIsOneLine(@TempDir Path dir) {
    Path export = dir.resolve("export");
    Cli r = Cli.run(cli -> io(cli, new SavedModelBuilder.Io() {
      @Override
      public void saveVariables(Runnable save) {
        throw new TFResourceExhaustedException(dir + "/.export.tmp-1/variables/variables_temp_"
            + "ab/part-00000-of-00001.data-00000-of-00001.tempstate1; No space left on device\n"
            + "\t [[{{node save/SaveV2}}]]");
      }
    }), "saved-model", "export", prefix, export.toString());
    assertEquals(1, r.exitCode());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: " + export + ": cannot write the variables ("),
        r.err());
    assertTrue(r.err().endsWith("No space left on device)\n"), r.err());
    assertEquals(List.of(), list(dir), "nothing half-written");
  }

  @Test
  void aDiskFullWhenSavedModelPbIsWrittenIsOneLine(@TempDir Path dir) {
    Path export = dir.resolve("export");
    Cli r = Cli.run(cli -> io(cli, new SavedModelBuilder.Io() {
      @Override
      public void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, new byte[bytes.length / 2]); // what fitted
        throw new FileSystemException(file.toString(), null, "No space left on device");
      }
    }), "saved-model", "export", prefix, export.toString());
    assertEquals(1, r.exitCode());
    assertEquals("error: " + export + ": cannot write the SavedModel (No space left on "
        + "device)\n", r.err());
    assertEquals(List.of(), list(dir), "nothing half-written");
  }

  @Test
  void evaluateTakesPrefixOrSavedModel(@TempDir Path dir) {
    Cli both = Cli.run("evaluate", prefix, "--saved-model", dir.toString());
    assertEquals(2, both.exitCode());
    assertTrue(both.err().startsWith("error: give either PREFIX or --saved-model DIR\n"));
    Cli none = Cli.run("evaluate");
    assertEquals(2, none.exitCode());
    Cli notOne = Cli.run("evaluate", "--saved-model", dir.toString());
    assertEquals(1, notOne.exitCode());
    assertEquals("error: " + dir + ": not a SavedModel (no saved_model.pb or "
        + "saved_model.pbtxt)\n", notOne.err());
    // The SavedModel holds its graph: the options that choose or build one are usage errors.
    for (String[] option : new String[][] {{"--meta-graph", "nb.meta"}, {"--norm", "layer"},
        {"--tensors", "x=images"}}) {
      Cli r = Cli.run("evaluate", "--saved-model", dir.toString(), option[0], option[1]);
      assertEquals(2, r.exitCode(), option[0]);
      assertTrue(r.err().startsWith("error: " + option[0] + " does not apply with --saved-model"
          + ": the SavedModel's graph is evaluated as it is\n"), r.err());
    }
  }

  @Test
  void aCheckpointOfAnotherVariantIsOneLineAndWritesNothing(@TempDir Path dir) {
    Path export = dir.resolve("export");
    Cli r = Cli.run("saved-model", "export", "--norm", "layer", prefix, export.toString());
    assertEquals(1, r.exitCode());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: " + prefix + ": has no variables LayerNorm/beta, "),
        r.err());
    assertEquals(List.of(), list(dir), "nothing half-written");
  }

  /**
   * A SavedModel without the {@code evaluate} signature (TF's half_plus_two, vendored without its
   * variables, which TF's loader then does not restore), and one TensorFlow cannot load (an
   * export whose variables' data file is cut short).
   */
  @Test
  void evaluateSavedModelThatCannotBeEvaluatedIsOneLine(@TempDir Path dir) throws IOException {
    Path half = SavedModelShowTest.testdata("half_plus_two");
    Cli r = Cli.run("evaluate", "--saved-model", half.toString());
    assertEquals(1, r.exitCode());
    assertEquals("error: " + half + ": no 'evaluate' signature (images, labels to loss, "
        + "accuracy), as saved-model export writes\n", r.err());

    Path export = dir.resolve("export");
    assertEquals(0, Cli.run("saved-model", "export", prefix, export.toString()).exitCode());
    Path data = export.resolve("variables/variables.data-00000-of-00001");
    byte[] bytes = Files.readAllBytes(data);
    Files.write(data, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Cli e = Cli.run("evaluate", "--saved-model", export.toString());
    assertEquals(1, e.exitCode());
    assertEquals(1, e.err().lines().count(), e.err());
    assertTrue(e.err().startsWith("error: " + export + ": TensorFlow cannot load it ("),
        e.err());
  }

  private static void io(CommandLine cli, SavedModelBuilder.Io io) {
    CommandLine export = cli.getSubcommands().get("saved-model").getSubcommands().get("export");
    ((SavedModelCommand.ExportCommand) export.getCommand()).io = io;
  }

  static List<String> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
