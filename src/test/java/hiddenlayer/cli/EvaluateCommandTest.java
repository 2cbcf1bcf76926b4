package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hiddenlayer.ChildJvm;
import hiddenlayer.data.MnistData;
import hiddenlayer.data.NotebookSplit;
import hiddenlayer.reference.ReferenceMlp;
import hiddenlayer.tf1.checkpoint.BundleFiles;
import hiddenlayer.tf1.checkpoint.CheckpointNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code evaluate PREFIX} on weights the project did not produce: a checkpoint written by the
 * tests' own bundle writer, evaluated by the Java graph, against the plain-Java float64
 * reference of the model run on the same weights ({@code training=False}: batch norm with the
 * moving statistics), on TF 2.18 and on TF 1.15's own runtime.
 */
class EvaluateCommandTest {
  private static final int[] SIZES = {784, 512, 512, 10};

  @ParameterizedTest(name = "--runtime {0}")
  @ValueSource(strings = {"tf2", "tf1"})
  @ChildJvm // with --runtime tf1
  void evaluatesACheckpointItDidNotWriteAsTheReferenceModelDoes(String runtime,
      @TempDir Path dir) throws IOException {
    ReferenceMlp.Params p = ReferenceMlp.Params.random(SIZES, ReferenceMlp.Norm.BATCH,
        new Random(10), 0.001);
    for (int i = 0; i < 512; i++) { // logits far from uniform
      for (int j = 0; j < 10; j++) {
        p.weights().get(2)[i][j] *= 3000;
      }
    }
    roundToFloat32(p); // the checkpoint holds float32: the reference uses the same values
    Map<String, BundleFiles.Tensor> t = CheckpointBadInputTest.zeros(
        CheckpointNames.notebook("batch"));
    String[] names = {"Variable", "Variable_2", "Variable_4"};
    String[] biases = {"Variable_1", "Variable_3", "Variable_5"};
    for (int i = 0; i < 3; i++) {
      double[][] w = p.weights().get(i);
      double[] flat = new double[w.length * w[0].length];
      for (int r = 0; r < w.length; r++) {
        System.arraycopy(w[r], 0, flat, r * w[0].length, w[0].length); // row-major [n_in, n_out]
      }
      t.put(names[i], BundleFiles.Tensor.floats(new long[] {w.length, w[0].length}, flat));
      t.put(biases[i], BundleFiles.Tensor.floats(new long[] {SIZES[i + 1]}, p.biases().get(i)));
    }
    for (int i = 0; i < 2; i++) {
      String s = i == 0 ? "batch_normalization/" : "batch_normalization_1/";
      t.put(s + "gamma", BundleFiles.Tensor.floats(new long[] {512}, p.gammas().get(i)));
      t.put(s + "beta", BundleFiles.Tensor.floats(new long[] {512}, p.betas().get(i)));
      t.put(s + "moving_mean", BundleFiles.Tensor.floats(new long[] {512},
          p.movingMeans().get(i)));
      t.put(s + "moving_variance", BundleFiles.Tensor.floats(new long[] {512},
          p.movingVariances().get(i)));
    }
    Path prefix = dir.resolve("python");
    BundleFiles.write(prefix, t);

    Cli r = Cli.run("evaluate", prefix.toString(), "--runtime", runtime);
    assertEquals(0, r.exitCode(), r.err());
    String[] cells = r.out().trim().split(" ");
    assertEquals("0", cells[0]); // no -N suffix: epoch 0

    NotebookSplit split = NotebookSplit.of(MnistData.load(java.util.Optional.empty()), 2020);
    ReferenceMlp mlp = new ReferenceMlp(SIZES, ReferenceMlp.Norm.BATCH, p);
    ReferenceMlp.Forward train = mlp.forward(rows(split.trainImages()), split.trainLabels(),
        false);
    ReferenceMlp.Forward valid = mlp.forward(rows(split.validImages()), split.validLabels(),
        false);
    ReferenceMlp.Forward test = mlp.forward(rows(split.testImages()), split.testLabels(), false);
    List<Double> expected = List.of(train.loss(), valid.loss(), test.loss(), train.accuracy(),
        valid.accuracy(), test.accuracy());
    // the weights matter: far from the uniform prediction's ln 10
    assertEquals(true, Math.abs(train.loss() - Math.log(10)) > 0.1, "" + train.loss());
    for (int i = 0; i < 6; i++) {
      // printed with 4 decimals; float32 against float64 moves a loss by far less than 5e-5
      assertEquals(expected.get(i), Double.parseDouble(cells[i + 1]), 1e-4, "column " + (i + 1));
    }
  }

  private static double[][] rows(float[] pixels) {
    double[][] x = new double[pixels.length / 784][784];
    for (int i = 0; i < pixels.length; i++) {
      x[i / 784][i % 784] = pixels[i];
    }
    return x;
  }

  private static void roundToFloat32(ReferenceMlp.Params p) {
    for (double[][] w : p.weights()) {
      for (double[] row : w) {
        round(row);
      }
    }
    for (List<double[]> l : List.of(p.biases(), p.gammas(), p.betas(), p.movingMeans(),
        p.movingVariances())) {
      l.forEach(EvaluateCommandTest::round);
    }
  }

  private static void round(double[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) a[i];
    }
  }
}
