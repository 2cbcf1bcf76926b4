package hiddenlayer.tf115;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.OpList;

/**
 * A GraphDef written by a newer TensorFlow made readable by TF 1.15: TF's C++ {@code
 * RemoveNewDefaultAttrsFromGraphDef} ({@code core/framework/graph_def_util.h}) with TF 1.15's
 * registry as the consumer and the writer's as the producer. Each node keeps exactly the
 * attributes its op declares in TF 1.15, plus TF's internal {@code _}-prefixed ones ({@code
 * _class}), which every version accepts; a dropped attribute must hold the writer's default, so
 * that dropping it changes nothing. Where TF would keep the node and fail at import (an op TF
 * 1.15 lacks, a new attribute set to something else), this is an error naming the node.
 */
public final class Tf115GraphDef {
  private Tf115GraphDef() {}

  /**
   * {@code graph} with every attribute TF 1.15 ({@code tf115}) does not declare removed.
   * {@code writer} is the registry of the TensorFlow that wrote {@code graph}, whose defaults
   * say whether an attribute may go.
   *
   * @throws Tf115Exception for a node whose op TF 1.15 lacks, or whose new attribute is set
   *     to something other than its default
   */
  public static GraphDef forTf115(GraphDef graph, OpList tf115, OpList writer) {
    return forTf115(graph, byName(tf115), byName(writer));
  }

  /**
   * As {@link #forTf115(GraphDef, OpList, OpList)} for a graph this JVM's TensorFlow (TF 2.18)
   * wrote, its registry read once per JVM.
   */
  public static GraphDef forTf115(GraphDef graph, OpList tf115) {
    return forTf115(graph, byName(tf115), ThisRegistry.BY_NAME);
  }

  /** This JVM's op registry by name, fetched through JNI on first use. */
  private static final class ThisRegistry {
    static final Map<String, OpDef> BY_NAME = byName(TensorFlow.registeredOpList());
  }

  private static GraphDef forTf115(GraphDef graph, Map<String, OpDef> old,
      Map<String, OpDef> current) {
    GraphDef.Builder out = graph.toBuilder().clearNode();
    for (NodeDef node : graph.getNodeList()) {
      OpDef def = old.get(node.getOp());
      if (def == null) {
        throw new Tf115Exception("node " + node.getName() + ": TF 1.15 has no op "
            + node.getOp());
      }
      NodeDef.Builder kept = node.toBuilder().clearAttr();
      for (Map.Entry<String, AttrValue> a : node.getAttrMap().entrySet()) {
        String name = a.getKey();
        if (name.startsWith("_") || declares(def, name)) {
          kept.putAttr(name, a.getValue());
        } else if (!isDefault(current.get(node.getOp()), name, a.getValue())) {
          throw new Tf115Exception("node " + node.getName() + " (" + node.getOp()
              + "): attribute " + name + " is unknown to TF 1.15 and not at its default ("
              + a.getValue().toString().strip().replace('\n', ' ') + ")");
        }
      }
      out.addNode(kept);
    }
    return out.build();
  }

  private static Map<String, OpDef> byName(OpList ops) {
    Map<String, OpDef> m = new HashMap<>();
    for (OpDef op : ops.getOpList()) {
      m.put(op.getName(), op);
    }
    return Map.copyOf(m);
  }

  private static boolean declares(OpDef def, String attr) {
    return def.getAttrList().stream().anyMatch(a -> a.getName().equals(attr));
  }

  private static boolean isDefault(OpDef def, String attr, AttrValue value) {
    if (def == null) {
      return false;
    }
    return def.getAttrList().stream().anyMatch(a -> a.getName().equals(attr)
        && a.hasDefaultValue() && a.getDefaultValue().equals(value));
  }
}
