package hiddenlayer.tf115;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.OpList;

/**
 * The attribute filter on hand-written registries: an old one that declares MatMul's {@code T},
 * {@code transpose_a}, {@code transpose_b}, a new one that adds {@code grad_a} with default
 * false (as TF 2.18's {@code math_ops.cc} registers it, and TF 1.15's does not).
 */
class Tf115GraphDefTest {
  private static final AttrValue FALSE = AttrValue.newBuilder().setB(false).build();
  private static final AttrValue TRUE = AttrValue.newBuilder().setB(true).build();

  private static OpDef.AttrDef attr(String name, AttrValue dflt) {
    OpDef.AttrDef.Builder a = OpDef.AttrDef.newBuilder().setName(name).setType("bool");
    if (dflt != null) {
      a.setDefaultValue(dflt);
    }
    return a.build();
  }

  private static final OpList OLD = OpList.newBuilder().addOp(OpDef.newBuilder().setName("MatMul")
      .addAttr(attr("T", null)).addAttr(attr("transpose_a", FALSE))
      .addAttr(attr("transpose_b", FALSE))).build();
  private static final OpList NEW = OpList.newBuilder().addOp(OpDef.newBuilder().setName("MatMul")
      .addAttr(attr("T", null)).addAttr(attr("transpose_a", FALSE))
      .addAttr(attr("transpose_b", FALSE)).addAttr(attr("grad_a", FALSE)))
      .addOp(OpDef.newBuilder().setName("NewOp")).build();

  private static GraphDef graph(NodeDef.Builder... nodes) {
    GraphDef.Builder g = GraphDef.newBuilder();
    for (NodeDef.Builder n : nodes) {
      g.addNode(n);
    }
    return g.build();
  }

  private static NodeDef.Builder matMul(String name, AttrValue gradA) {
    return NodeDef.newBuilder().setName(name).setOp("MatMul").addInput("a").addInput("b")
        .putAttr("T", AttrValue.newBuilder().setI(1).build()).putAttr("transpose_a", TRUE)
        .putAttr("grad_a", gradA)
        .putAttr("_class", AttrValue.newBuilder().setS(
            com.google.protobuf.ByteString.copyFromUtf8("loc:@a")).build());
  }

  @Test
  void dropsExactlyTheAttributesTheOldRegistryDoesNotDeclare() {
    GraphDef out = Tf115GraphDef.forTf115(graph(matMul("MatMul_1", FALSE)), OLD, NEW);
    NodeDef n = out.getNode(0);
    assertEquals(Set.of("T", "transpose_a", "_class"), n.getAttrMap().keySet());
    assertEquals(TRUE, n.getAttrMap().get("transpose_a")); // a declared one keeps its value
    assertEquals(java.util.List.of("a", "b"), n.getInputList());
    assertEquals("MatMul_1", n.getName());
  }

  @Test
  void anOpTheOldRegistryLacksIsAnErrorNamingTheNode() {
    Tf115Exception e = assertThrows(Tf115Exception.class, () -> Tf115GraphDef.forTf115(
        graph(NodeDef.newBuilder().setName("scope/new").setOp("NewOp")), OLD, NEW));
    assertEquals("node scope/new: TF 1.15 has no op NewOp", e.getMessage());
  }

  @Test
  void aNewAttributeAwayFromItsDefaultIsAnErrorNamingTheNode() {
    Tf115Exception e = assertThrows(Tf115Exception.class,
        () -> Tf115GraphDef.forTf115(graph(matMul("MatMul_2", TRUE)), OLD, NEW));
    assertTrue(e.getMessage().startsWith("node MatMul_2 (MatMul): attribute grad_a is unknown "
        + "to TF 1.15 and not at its default"), e.getMessage());
  }
}
