package hiddenlayer.train;

import hiddenlayer.graph.GraphConfig;
import hiddenlayer.graph.NotebookGraph;
import hiddenlayer.tf1.MetaGraphImport;
import hiddenlayer.tf1.ResourceVariable;
import hiddenlayer.tf1.Tf1Variable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Operand;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.VariableDef;

/**
 * The notebook's graph as a MetaGraphDef, built in the tests from the Java graph, as {@code
 * tf.train.export_meta_graph} after cell 4 and {@code saver = tf.train.Saver()} would write it
 * ({@code framework/meta_graph.py export_scoped_meta_graph}): the GraphDef, the {@code
 * variables} collection of each global variable's {@code VariableDef} ({@code
 * RefVariable.to_proto}, {@code ResourceVariable.to_proto}: variable, initializer and snapshot
 * names, {@code is_resource}, {@code trainable}), the {@code train_op} collection holding
 * Adam's op ({@code Optimizer.apply_gradients}), and the Saver's {@code saver_def}. No {@code
 * init} op is needed by the reader, but the graph has one, as the notebook's does. (Built here
 * because the tests run without Python.)
 */
public final class NotebookMetaGraph {
  private NotebookMetaGraph() {}

  public static MetaGraphDef of(GraphConfig config) {
    try (NotebookGraph g = NotebookGraph.build(config)) {
      MetaGraphDef.Builder m = MetaGraphDef.newBuilder();
      m.getMetaInfoDefBuilder().setMetaGraphVersion("v1.15.0").setTensorflowVersion("1.15.0");
      var saver = g.saver(); // its save/ ops join the graph before it is written
      m.setGraphDef(g.graph().toGraphDef());
      m.setSaverDef(saver.saverDef());
      CollectionDef.BytesList.Builder vars = CollectionDef.BytesList.newBuilder();
      for (Tf1Variable v : g.globalVariables()) {
        vars.addValue(VariableDef.newBuilder()
            .setVariableName(v.name() + ":0")
            .setInitializerName(v.initializer().name())
            .setSnapshotName(name(v.read()))
            .setIsResource(v instanceof ResourceVariable)
            .setTrainable(v.trainable()).build().toByteString());
      }
      m.putCollectionDef(MetaGraphImport.GLOBAL_VARIABLES,
          CollectionDef.newBuilder().setBytesList(vars).build());
      m.putCollectionDef(MetaGraphImport.TRAIN_OP, CollectionDef.newBuilder().setNodeList(
          CollectionDef.NodeList.newBuilder().addValue(g.trainOp().op().name())).build());
      return m.build();
    }
  }

  /** {@link #of} written to {@code file}, binary as {@code Saver.save}'s {@code .meta}. */
  public static Path write(GraphConfig config, Path file) throws IOException {
    Files.write(file, of(config).toByteArray());
    return file;
  }

  private static String name(Operand<?> o) {
    return o.asOutput().op().name() + ":" + o.asOutput().index();
  }
}
