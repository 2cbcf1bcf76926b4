package hiddenlayer.tf115;

import hiddenlayer.graph.GraphConfig;
import hiddenlayer.graph.NotebookGraph;
import hiddenlayer.graph.Variant;
import hiddenlayer.tf1.gradients.GradientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.OpList;

/**
 * Writes {@code src/main/resources/hiddenlayer/tf115/ops.pb} ({@link Tf115Ops}): the OpDefs
 * TF 1.15.0's runtime registers, asked of it in its child JVM, for the op types of every
 * variant's graph with its Saver (both gradient builders) and {@link Tf115Ops#EXTRA}. Run it
 * after a change adds an op type; {@code cli.MetaGraphFileTest} checks the file against TF 1.15
 * itself.
 * <pre>java -cp target/classes:target/test-classes:target/lib/* hiddenlayer.tf115.Tf115OpsBundleWriter</pre>
 */
public final class Tf115OpsBundleWriter {
  private Tf115OpsBundleWriter() {}

  /** The op types the notebook's graphs use, with their Savers. */
  public static Set<String> usedOps() {
    Set<String> used = new TreeSet<>(Tf115Ops.EXTRA);
    for (Variant v : Variant.values()) {
      for (GradientBuilder b : GradientBuilder.values()) {
        try (NotebookGraph g = NotebookGraph.build(
            v.applyTo(GraphConfig.notebook()).withGradients(b))) {
          g.saver();
          g.graph().toGraphDef().getNodeList().forEach(n -> used.add(n.getOp()));
        }
      }
    }
    return used;
  }

  public static void main(String[] args) throws Exception {
    Set<String> used = usedOps();
    OpList.Builder out = OpList.newBuilder();
    try (Tf115Runtime runtime = Tf115Runtime.start()) {
      for (OpDef op : runtime.registeredOpList().getOpList()) {
        if (used.contains(op.getName())) {
          out.addOp(op);
        }
      }
    }
    Files.write(Path.of("src/main/resources/hiddenlayer/tf115/ops.pb"),
        out.build().toByteArray());
    System.out.println(out.getOpCount() + " ops");
  }
}
