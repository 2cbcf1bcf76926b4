package hiddenlayer.train;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * A file's GraphDef against this JVM's op registry (TF 2.18) before it is imported, as TF's C++
 * {@code ValidateNodeDef} ({@code core/framework/node_def_util.cc}) checks a node: its op must be
 * registered, and each attribute must be one the op declares (or TF's internal {@code _}
 * ones). TF 2.18's GraphDef import reports an unregistered op without naming the node, and
 * imports a node with an attribute its op does not declare; here either is one line naming the
 * node.
 */
final class RegisteredOps {
  private RegisteredOps() {}

  /** This JVM's registry by op name, read once. */
  private static final class Registry {
    static final Map<String, OpDef> BY_NAME = byName();

    private static Map<String, OpDef> byName() {
      Map<String, OpDef> m = new HashMap<>();
      TensorFlow.registeredOpList().getOpList().forEach(op -> m.put(op.getName(), op));
      return Map.copyOf(m);
    }
  }

  /** @throws MetaGraphRunException naming the first node TF 2.18 does not know */
  static void check(Path file, GraphDef graph) {
    for (NodeDef node : graph.getNodeList()) {
      OpDef def = Registry.BY_NAME.get(node.getOp());
      if (def == null) {
        throw MetaGraphRunException.failed(file, "node " + node.getName() + ": TF 2.18 has no op "
            + node.getOp() + " registered", null, null);
      }
      for (String attr : node.getAttrMap().keySet()) {
        if (!attr.startsWith("_")
            && def.getAttrList().stream().noneMatch(a -> a.getName().equals(attr))) {
          throw MetaGraphRunException.failed(file, "node " + node.getName() + " (" + node.getOp()
              + "): attribute " + attr + " is not one TF 2.18's " + node.getOp()
              + " declares", null, null);
        }
      }
    }
  }
}
