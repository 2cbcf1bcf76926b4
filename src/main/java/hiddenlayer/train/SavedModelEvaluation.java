package hiddenlayer.train;

import hiddenlayer.data.MnistData;
import hiddenlayer.data.NotebookSplit;
import hiddenlayer.tf1.savedmodel.SavedModelException;
import hiddenlayer.tf1.savedmodel.SavedModelFiles;
import hiddenlayer.tf115.Tf115Runtime;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * The notebook's row for a SavedModel {@link SavedModelExport} wrote: TF 2.18's own loader
 * ({@code SavedModelBundle.load(dir, "serve")}: the graph imported, the variables restored through
 * the {@code saver_def}) and its {@code evaluate} signature run on train, valid and test, the
 * {@code training} flag left at its default ({@code False}). The epoch is the meta graph's
 * {@code meta_graph_version} (the checkpoint's global step), 0 when it is no number.
 */
public final class SavedModelEvaluation {
  private SavedModelEvaluation() {}

  /** The row of the SavedModel in {@code dir} on {@code split}. */
  public static EvalRecord evaluate(Path dir, NotebookSplit split) {
    SavedModelFiles.read(dir); // a directory that holds no SavedModel fails as saved-model show
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.load(dir.toString(), SavedModelExport.SERVE);
    } catch (TensorFlowException | IllegalArgumentException e) {
      throw new SavedModelException(dir + ": TensorFlow cannot load it ("
          + firstLine(e) + ")", e);
    }
    try (bundle) {
      MetaGraphDef meta = bundle.metaGraphDef();
      SignatureDef sig = signature(dir, meta);
      String images = name(dir, sig.getInputsMap().get(SavedModelExport.IMAGES));
      String labels = name(dir, sig.getInputsMap().get(SavedModelExport.LABELS));
      String loss = name(dir, sig.getOutputsMap().get(SavedModelExport.LOSS));
      String accuracy = name(dir, sig.getOutputsMap().get(SavedModelExport.ACCURACY));
      Session s = bundle.session();
      double[] train = run(s, images, labels, loss, accuracy, split.trainImages(),
          split.trainLabels());
      double[] valid = run(s, images, labels, loss, accuracy, split.validImages(),
          split.validLabels());
      double[] test = run(s, images, labels, loss, accuracy, split.testImages(),
          split.testLabels());
      return new EvalRecord(epoch(meta), train[0], valid[0], test[0], train[1], valid[1], test[1]);
    }
  }

  /**
   * As {@link #evaluate}, with TF 1.15.0's own loader ({@code SavedModelBundle.load} of
   * libtensorflow 1.15.0) and kernels in a child JVM.
   */
  public static EvalRecord evaluateTf115(Path dir, NotebookSplit split) {
    SavedModelFiles.read(dir);
    try (Tf115Runtime tf115 = Tf115Runtime.start()) {
      return evaluate(tf115, dir, split);
    }
  }

  /** As {@link #evaluateTf115(Path, NotebookSplit)} in a running TF 1.15 child. */
  public static EvalRecord evaluate(Tf115Runtime tf115, Path dir, NotebookSplit split) {
    MetaGraphDef meta = tf115.loadSavedModel(dir.toAbsolutePath().toString(),
        SavedModelExport.SERVE);
    SignatureDef sig = signature(dir, meta);
    String images = name(dir, sig.getInputsMap().get(SavedModelExport.IMAGES));
    String labels = name(dir, sig.getInputsMap().get(SavedModelExport.LABELS));
    List<String> fetches = List.of(name(dir, sig.getOutputsMap().get(SavedModelExport.LOSS)),
        name(dir, sig.getOutputsMap().get(SavedModelExport.ACCURACY)));
    double[][] parts = new double[3][];
    float[][] xs = {split.trainImages(), split.validImages(), split.testImages()};
    int[][] ys = {split.trainLabels(), split.validLabels(), split.testLabels()};
    for (int i = 0; i < 3; i++) {
      Tf115Runtime.TensorRef x = tf115.floats(
          new long[] {xs[i].length / MnistData.PIXELS, MnistData.PIXELS}, xs[i]);
      Tf115Runtime.TensorRef y = tf115.ints(new long[] {ys[i].length}, ys[i]);
      List<Tf115Runtime.Fetched> r = tf115.run(List.of(new Tf115Runtime.Feed(images, x),
          new Tf115Runtime.Feed(labels, y)), fetches, List.of());
      tf115.free(x);
      tf115.free(y);
      parts[i] = new double[] {r.get(0).floatValue(), r.get(1).doubleValue()};
    }
    return new EvalRecord(epoch(meta), parts[0][0], parts[1][0], parts[2][0], parts[0][1],
        parts[1][1], parts[2][1]);
  }

  private static SignatureDef signature(Path dir, MetaGraphDef meta) {
    SignatureDef sig = meta.getSignatureDefMap().get(SavedModelExport.EVALUATE);
    if (sig == null) {
      throw new SavedModelException(dir + ": no '" + SavedModelExport.EVALUATE
          + "' signature (images, labels to loss, accuracy), as saved-model export writes");
    }
    return sig;
  }

  private static int epoch(MetaGraphDef meta) {
    String version = meta.getMetaInfoDef().getMetaGraphVersion();
    return version.matches("\\d{1,9}") ? Integer.parseInt(version) : 0;
  }

  private static String name(Path dir, TensorInfo info) {
    if (info == null || info.getName().isEmpty()) {
      throw new SavedModelException(dir + ": the '" + SavedModelExport.EVALUATE
          + "' signature lacks images, labels, loss or accuracy");
    }
    return info.getName();
  }

  private static double[] run(Session s, String images, String labels, String loss,
      String accuracy, float[] x, int[] y) {
    try (TFloat32 xs = TFloat32.tensorOf(Shape.of(x.length / MnistData.PIXELS, MnistData.PIXELS),
            DataBuffers.of(x, true, false));
        TInt32 ys = TInt32.tensorOf(Shape.of(y.length), DataBuffers.of(y, true, false));
        Result r = s.runner().feed(images, xs).feed(labels, ys).fetch(loss).fetch(accuracy)
            .run()) {
      return new double[] {((TFloat32) r.get(0)).getFloat(), ((TFloat64) r.get(1)).getDouble()};
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage()).strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
