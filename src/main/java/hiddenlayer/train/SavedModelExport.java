package hiddenlayer.train;

import hiddenlayer.graph.GraphConfig;
import hiddenlayer.graph.NotebookGraph;
import hiddenlayer.tf1.MathOps;
import hiddenlayer.tf1.MetaGraphExport;
import hiddenlayer.tf1.checkpoint.CheckpointReader;
import hiddenlayer.tf1.checkpoint.ShardedSaver;
import hiddenlayer.tf1.savedmodel.PlaceholderDefault;
import hiddenlayer.tf1.savedmodel.SavedModelBuilder;
import hiddenlayer.tf1.savedmodel.SignatureDefs;
import hiddenlayer.tf115.Tf115GraphDef;
import hiddenlayer.tf115.Tf115Ops;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.OpList;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.VersionDef;
import org.tensorflow.types.TInt64;

/**
 * A checkpoint of the notebook's graph as a TF1 SavedModel: what a Python user gets from
 *
 * <pre>
 * # cells 1-4, with  training = tf.placeholder_with_default(False, shape=[])  in cell 2
 * classes = tf.argmax(y_hat, 1)
 * builder = tf.saved_model.builder.SavedModelBuilder(DIR)
 * # (the builder's Saver restores PREFIX)
 * builder.add_meta_graph_and_variables(sess, ['serve'], signature_def_map={
 *     'serving_default': predict_signature_def({'images': x}, {'logits': y_hat, 'classes': classes}),
 *     'evaluate': predict_signature_def({'images': x, 'labels': y}, {'loss': loss, 'accuracy': accuracy})})
 * builder.save()
 * </pre>
 *
 * <p>The meta graph is {@code saver.export_meta_graph()} ({@link MetaGraphExport}: collections,
 * {@code _output_shapes}, the builder's {@code saver_def}) of the graph as TF 1.15 imports it
 * ({@link Tf115GraphDef}: attributes TF 2.18 added at their defaults dropped) with TF 1.15's
 * {@code stripped_op_list}, both from TF 1.15's own OpDefs ({@link Tf115Ops#bundled()}).
 *
 * <p>The {@code training} flag keeps its name and defaults to {@code False} ({@link
 * PlaceholderDefault}), so a client feeds only the images: batch normalisation then uses its
 * moving statistics, as every evaluation of cell 5 does. The graph is the whole notebook graph
 * (the train op too, as Python's builder keeps the default graph). The checkpoint's global step
 * is the meta graph's {@code meta_info_def.meta_graph_version} ("steps this model has been
 * trained to", {@code meta_graph.proto}), which {@code evaluate --saved-model} prints as the
 * epoch; Python's builder leaves it empty.
 */
public final class SavedModelExport {
  /** The serving signature's input: float32 [-1, 784], raw pixels as the notebook feeds them. */
  public static final String IMAGES = "images";
  /** The serving signature's outputs. */
  public static final String LOGITS = "logits";
  public static final String CLASSES = "classes";
  /** The second signature: {@code images}, {@code labels} to {@code loss}, {@code accuracy}. */
  public static final String EVALUATE = "evaluate";
  public static final String LABELS = "labels";
  public static final String LOSS = "loss";
  public static final String ACCURACY = "accuracy";
  /** {@code tf.saved_model.tag_constants.SERVING}. */
  public static final String SERVE = "serve";

  private SavedModelExport() {}

  /** Exports checkpoint {@code prefix} of the graph {@code config} into {@code dir}. */
  public static Path export(GraphConfig config, String prefix, Path dir,
      SavedModelBuilder.Io io) {
    CheckpointReader.open(prefix); // a missing or broken checkpoint fails first
    try (SavedModelBuilder builder = SavedModelBuilder.create(dir, io); // DIR checked first
        NotebookGraph graph = NotebookGraph.build(config)) {
      Operand<TInt64> classes = MathOps.argmax(graph.root(), graph.yHat(), 1);
      ShardedSaver saver = ShardedSaver.build(graph.root(), graph.globalVariables());
      Map<String, SignatureDef> signatures = new LinkedHashMap<>();
      signatures.put(SignatureDefs.DEFAULT_SERVING_SIGNATURE_DEF_KEY, SignatureDefs.predict(
          Map.of(IMAGES, graph.x()), Map.of(LOGITS, graph.yHat(), CLASSES, classes)));
      signatures.put(EVALUATE, SignatureDefs.predict(Map.of(IMAGES, graph.x(), LABELS, graph.y()),
          Map.of(LOSS, graph.loss(), ACCURACY, graph.accuracy())));
      OpList ops = Tf115Ops.bundled();
      // versions as TF 1.15 writes them (producer 134, min_consumer 0), as the .meta files
      GraphDef def = PlaceholderDefault.withDefault(
          Tf115GraphDef.forTf115(MetaGraphExport.asGraphDef(graph.graph()), ops),
          graph.training().op().name(), false).toBuilder().setVersions(
              VersionDef.newBuilder().setProducer(Tf115Ops.GRAPH_DEF_VERSION)).build();
      MetaGraphDef.Builder m = MetaGraphExport.of(graph.graph()).collections(graph.collections())
          .saverDef(saver.saverDef()).graphDef(def).opRegistry(ops).build().toBuilder();
      m.getMetaInfoDefBuilder().setMetaGraphVersion(
          Integer.toString(CheckpointPlan.stepOf(prefix)));
      try (Session session = new Session(graph.graph())) {
        saver.restore(session, prefix);
        builder.addMetaGraphAndVariables(p -> saver.save(session, p), m.build(), List.of(SERVE),
            signatures);
        return builder.save();
      }
    }
  }
}
