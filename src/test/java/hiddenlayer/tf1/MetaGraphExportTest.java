package hiddenlayer.tf1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.OpList;

/**
 * {@code add_collection_def} and {@code stripped_op_list_for_graph} of TF 1.15's
 * framework/meta_graph.py (v1.15.0) on plain values: the kind the first item decides ({@code
 * _get_kind_name}, lines 212-232), no entry for an empty collection (lines 414-415), the OpDefs
 * of the used ops sorted by name and an unregistered op an error (lines 191-209).
 */
class MetaGraphExportTest {
  @Test
  void theFirstItemDecidesTheKind() {
    assertEquals(CollectionDef.newBuilder().setBytesList(CollectionDef.BytesList.newBuilder()
        .addValue(ByteString.copyFromUtf8("a")).addValue(ByteString.copyFromUtf8("b"))).build(),
        MetaGraphExport.collectionDef("names", List.of("a", "b")));
    assertEquals(CollectionDef.newBuilder().setInt64List(CollectionDef.Int64List.newBuilder()
        .addValue(3).addValue(4)).build(),
        MetaGraphExport.collectionDef("steps", List.of(3L, 4)));
    assertEquals(CollectionDef.newBuilder().setFloatList(CollectionDef.FloatList.newBuilder()
        .addValue(0.5f)).build(), MetaGraphExport.collectionDef("rates", List.of(0.5)));
    assertNull(MetaGraphExport.collectionDef("update_ops", List.of()));
  }

  @Test
  void aVariableCollectionTakesOnlyVariables() {
    assertThrows(IllegalArgumentException.class,
        () -> MetaGraphExport.collectionDef("variables", List.of("x")));
  }

  @Test
  void strippedOpListIsTheUsedOpsSortedByName() {
    GraphDef g = GraphDef.newBuilder()
        .addNode(NodeDef.newBuilder().setName("b").setOp("Identity"))
        .addNode(NodeDef.newBuilder().setName("a").setOp("Const"))
        .addNode(NodeDef.newBuilder().setName("c").setOp("Identity")).build();
    OpList registry = OpList.newBuilder()
        .addOp(OpDef.newBuilder().setName("NoOp"))
        .addOp(OpDef.newBuilder().setName("Identity"))
        .addOp(OpDef.newBuilder().setName("Const")).build();
    assertEquals(List.of("Const", "Identity"), MetaGraphExport.strippedOpList(g, registry)
        .getOpList().stream().map(OpDef::getName).toList());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MetaGraphExport.strippedOpList(g, OpList.getDefaultInstance()));
    assertEquals("Op Const is used by the graph, but is not registered", e.getMessage());
  }
}
