package hiddenlayer.train;

import hiddenlayer.data.MnistData;
import hiddenlayer.data.NotebookSplit;
import hiddenlayer.tf1.savedmodel.SavedModelException;
import hiddenlayer.tf1.savedmodel.SavedModelFiles;
import java.nio.file.Path;
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
      SignatureDef sig = meta.getSignatureDefMap().get(SavedModelExport.EVALUATE);
      if (sig == null) {
        throw new SavedModelException(dir + ": no '" + SavedModelExport.EVALUATE
            + "' signature (images, labels to loss, accuracy), as saved-model export writes");
      }
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
      String version = meta.getMetaInfoDef().getMetaGraphVersion();
      int epoch = version.matches("\\d{1,9}") ? Integer.parseInt(version) : 0;
      return new EvalRecord(epoch, train[0], valid[0], test[0], train[1], valid[1], test[1]);
    }
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
