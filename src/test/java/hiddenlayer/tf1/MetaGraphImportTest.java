package hiddenlayer.tf1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.VariableDef;

/**
 * {@link MetaGraphImport} on MetaGraphDefs TF1's Python wrote (the vendored
 * {@code graph/tf-testdata}, see its README), each checked against an independent reading of the
 * same bytes with {@link ProtoWire} and the field numbers of TF 1.15's protos: {@code
 * core/protobuf/meta_graph.proto} (MetaGraphDef: saver_def 3, collection_def 4; CollectionDef:
 * node_list 1, bytes_list 2; NodeList and BytesList: value 1; SavedModel's meta_graphs 2 in
 * {@code saved_model.proto}) and {@code core/framework/variable.proto} (VariableDef:
 * variable_name 1, initializer_name 2, snapshot_name 3, is_resource 5, initial_value_name 6,
 * trainable 7).
 */
class MetaGraphImportTest {
  static Path testdata(String name) {
    try {
      return Path.of(MetaGraphImportTest.class.getResource("/hiddenlayer/graph/tf-testdata/"
          + name).toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code Saver.save}'s MetaGraphDef of {@code feature_column}'s embedding test. */
  @Test
  void embeddingCheckpointMetaGraphVariablesAsTheWireSays() throws IOException {
    byte[] bytes = Files.readAllBytes(testdata("embedding.ckpt.meta"));
    MetaGraphImport meta = MetaGraphImport.of(MetaGraphDef.parseFrom(bytes));
    assertEquals(wireVariables(bytes), meta.variables());
    assertEquals(1, meta.variables().size());
    assertEquals("my_embedding", meta.variables().get(0).opName());
    assertEquals(List.of("my_embedding/Assign"), meta.globalVariablesInitializer());
    assertEquals(List.of(), meta.collectionNodes(MetaGraphImport.TRAIN_OP));
    byte[] saver = ProtoWire.one(bytes, 3).bytes();
    assertEquals(ProtoWire.one(saver, 1).string(), meta.saverDef().get().getFilenameTensorName());
    assertEquals(ProtoWire.one(saver, 2).string(), meta.saverDef().get().getSaveTensorName());
    assertEquals(ProtoWire.one(saver, 3).string(), meta.saverDef().get().getRestoreOpName());
  }

  /** The half_plus_two SavedModel's meta graph: a, b, c; a node_list collection. */
  @Test
  void halfPlusTwoMetaGraphVariablesAndNodeListAsTheWireSays() throws IOException {
    byte[] bytes = Files.readAllBytes(testdata("half_plus_two/saved_model.pb"));
    byte[] metaBytes = ProtoWire.one(bytes, 2).bytes();
    MetaGraphImport meta = MetaGraphImport.of(SavedModel.parseFrom(bytes).getMetaGraphs(0));
    assertEquals(wireVariables(metaBytes), meta.variables());
    assertEquals(List.of("a/Assign", "b/Assign", "c/Assign"), meta.globalVariablesInitializer());
    assertEquals(wireNodeList(metaBytes, "legacy_init_op"),
        meta.collectionNodes("legacy_init_op"));
    assertEquals(List.of("group_deps"), meta.collectionNodes("legacy_init_op"));
  }

  @Test
  void aVariableDefNamingANodeTheGraphLacksIsRefusedNamingIt() throws IOException {
    MetaGraphDef real = MetaGraphDef.parseFrom(Files.readAllBytes(
        testdata("embedding.ckpt.meta")));
    VariableDef bad = VariableDef.newBuilder().setVariableName("w:0")
        .setInitializerName("w/Assign").setSnapshotName("w/read:0").build();
    MetaGraphDef meta = real.toBuilder().putCollectionDef(MetaGraphImport.GLOBAL_VARIABLES,
        CollectionDef.newBuilder().setBytesList(CollectionDef.BytesList.newBuilder()
            .addValue(bad.toByteString())).build()).build();
    MetaGraphException e = assertThrows(MetaGraphException.class, () -> MetaGraphImport.of(meta));
    assertEquals("variable w:0 (variable_name) names 'w:0', which is not in the graph",
        e.getMessage());
  }

  @Test
  void aCollectionOfAnotherKindIsRefused() throws IOException {
    MetaGraphDef real = MetaGraphDef.parseFrom(Files.readAllBytes(
        testdata("embedding.ckpt.meta")));
    MetaGraphDef meta = real.toBuilder().putCollectionDef(MetaGraphImport.TRAIN_OP,
        CollectionDef.newBuilder().setInt64List(CollectionDef.Int64List.newBuilder()
            .addValue(1)).build()).build();
    MetaGraphException e = assertThrows(MetaGraphException.class,
        () -> MetaGraphImport.of(meta).collectionNodes(MetaGraphImport.TRAIN_OP));
    assertTrue(e.getMessage().startsWith("collection train_op is a int64_list"), e.getMessage());
  }

  @Test
  void opNameOfTensorNames() {
    assertEquals("Variable", MetaGraphImport.opName("Variable:0"));
    assertEquals("a/b", MetaGraphImport.opName("^a/b"));
    assertEquals("Adam", MetaGraphImport.opName("Adam"));
    assertEquals("x:y", MetaGraphImport.opName("x:y"));
  }

  /** The {@code variables} collection's VariableDefs, read from the wire. */
  private static List<MetaGraphImport.Variable> wireVariables(byte[] meta) {
    List<MetaGraphImport.Variable> out = new ArrayList<>();
    for (byte[] def : collectionValues(meta, "variables", 2)) {
      out.add(new MetaGraphImport.Variable(string(def, 1), string(def, 2), string(def, 3),
          string(def, 6), varint(def, 5) != 0, varint(def, 7) != 0));
    }
    return out;
  }

  private static List<String> wireNodeList(byte[] meta, String key) {
    return collectionValues(meta, key, 1).stream().map(b -> new String(b,
        java.nio.charset.StandardCharsets.UTF_8)).toList();
  }

  /** collection_def[key] (a map entry: key 1, value 2), its list of kind {@code kind}. */
  private static List<byte[]> collectionValues(byte[] meta, String key, int kind) {
    for (ProtoWire.Field entry : ProtoWire.all(meta, 4)) {
      if (ProtoWire.one(entry.bytes(), 1).string().equals(key)) {
        byte[] list = ProtoWire.one(ProtoWire.one(entry.bytes(), 2).bytes(), kind).bytes();
        return ProtoWire.all(list, 1).stream().map(ProtoWire.Field::bytes).toList();
      }
    }
    throw new AssertionError("no collection " + key);
  }

  private static String string(byte[] b, int number) {
    ProtoWire.Field f = ProtoWire.one(b, number);
    return f == null ? "" : f.string();
  }

  private static long varint(byte[] b, int number) {
    ProtoWire.Field f = ProtoWire.one(b, number);
    return f == null ? 0 : f.varint();
  }
}
