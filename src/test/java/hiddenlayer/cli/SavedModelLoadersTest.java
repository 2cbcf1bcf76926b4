package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.ChildJvm;
import hiddenlayer.NotebookRows;
import hiddenlayer.data.MnistData;
import hiddenlayer.data.NotebookSplit;
import hiddenlayer.report.PythonFormat;
import hiddenlayer.tf115.Tf115Runtime;
import hiddenlayer.train.SavedModelEvaluation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Each variant's export loaded by loaders this project did not write: TF 1.15.0's own {@code
 * org.tensorflow.SavedModelBundle.load} (libtensorflow 1.15.0, in one child JVM for all
 * variants: the meta graph imported, the variables restored through its {@code saver_def}) and
 * TF 2.18's. Each runs the {@code serving_default} signature it read from the file, images alone
 * fed (the {@code training} flag is left to its default, or the run fails: a placeholder without
 * a value), on the test images; the share of its classes equal to the labels is the test accuracy
 * {@code evaluate PREFIX} prints, within one unit of its 4th decimal.
 */
@ChildJvm
class SavedModelLoadersTest {
  @TempDir static Path dir;
  static Tf115Runtime tf115;
  static NotebookSplit split;

  @BeforeAll
  static void start() {
    tf115 = Tf115Runtime.start();
    split = NotebookSplit.of(MnistData.load(java.util.Optional.empty()), NotebookSplit.SEED);
  }

  @AfterAll
  static void stop() {
    if (tf115 != null) {
      tf115.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--norm batch", "--norm batch --bn-updates collected", "--norm layer",
      "--norm none"})
  void tf115AndTf218LoadTheExportAndClassifyAsEvaluateDoes(String variant) throws IOException {
    List<String> flags = List.of(variant.split(" "));
    String name = variant.replace("--", "").replace(' ', '-');
    Path ckpt = Files.createDirectories(dir.resolve(name)).resolve("run");
    Cli run = Cli.run(concat(List.of("run", "--quiet", "--epochs", "10", "--save-checkpoint",
        ckpt.toString()), flags));
    assertEquals(0, run.exitCode(), run.err());
    String prefix = ckpt + "-10";
    Cli evaluate = Cli.run(concat(List.of("evaluate", prefix), flags));
    assertEquals(0, evaluate.exitCode(), evaluate.err());
    String[] row = evaluate.out().strip().split(" ");
    double testAccuracy = Double.parseDouble(row[row.length - 1]);
    Path export = dir.resolve(name + "/export");
    Cli e = Cli.run(concat(List.of("saved-model", "export", prefix, export.toString()), flags));
    assertEquals(0, e.exitCode(), e.err());

    // TF 1.15.0
    MetaGraphDef loaded = tf115.loadSavedModel(export.toString(), "serve");
    SignatureDef sig = loaded.getSignatureDefOrThrow("serving_default");
    assertEquals("tensorflow/serving/predict", sig.getMethodName());
    float[] x = split.testImages();
    int n = x.length / MnistData.PIXELS;
    Tf115Runtime.TensorRef images = tf115.floats(new long[] {n, MnistData.PIXELS}, x);
    List<Tf115Runtime.Fetched> out = tf115.run(
        List.of(new Tf115Runtime.Feed(sig.getInputsOrThrow("images").getName(), images)),
        List.of(sig.getOutputsOrThrow("classes").getName()), List.of());
    tf115.free(images);
    ByteBuffer b = ByteBuffer.wrap(out.get(0).data()).order(ByteOrder.LITTLE_ENDIAN);
    long[] tf115Classes = new long[n];
    b.asLongBuffer().get(tf115Classes);
    assertWithinOneUnit(testAccuracy, accuracy(tf115Classes), "TF 1.15 " + variant);

    // evaluate --saved-model's row through TF 1.15's loader (what --runtime tf1 runs, in this
    // test's one child) and, as the CLI prints it, through TF 2.18's
    NotebookRows.assertWithinOneUnit(evaluate.out().strip(),
        PythonFormat.row(SavedModelEvaluation.evaluate(tf115, export, split)));
    // (no variant flags: the SavedModel holds its graph)
    Cli tf2 = Cli.run("evaluate", "--saved-model", export.toString());
    assertEquals(evaluate.out(), tf2.out(), tf2.err()); // one runtime, one machine: same bytes

    // TF 2.18
    try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve")) {
      SignatureDef s = bundle.metaGraphDef().getSignatureDefOrThrow("serving_default");
      try (TFloat32 xs = TFloat32.tensorOf(Shape.of(n, MnistData.PIXELS),
              DataBuffers.of(x, true, false));
          Result r = bundle.session().runner().feed(s.getInputsOrThrow("images").getName(), xs)
              .fetch(s.getOutputsOrThrow("classes").getName()).run()) {
        TInt64 classes = (TInt64) r.get(0);
        long[] c = new long[n];
        for (int i = 0; i < n; i++) {
          c[i] = classes.getLong(i);
        }
        assertWithinOneUnit(testAccuracy, accuracy(c), "TF 2.18 " + variant);
      }
    }
  }

  private static double accuracy(long[] classes) {
    int[] labels = split.testLabels();
    assertEquals(labels.length, classes.length);
    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      right += classes[i] == labels[i] ? 1 : 0;
    }
    return (double) right / labels.length;
  }

  /** The printed accuracy (4 decimals) against the loader's, within one unit of the 4th. */
  private static void assertWithinOneUnit(double printed, double actual, String what) {
    assertTrue(Math.abs(printed - actual) <= 1e-4 + 1e-12,
        what + ": evaluate printed " + printed + ", the SavedModel gives " + actual);
  }

  private static String[] concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
  }
}
