package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.ChildJvm;
import hiddenlayer.graph.Variant;
import hiddenlayer.tf1.checkpoint.BundleFiles;
import hiddenlayer.tf115.Tf115Ops;
import hiddenlayer.tf115.Tf115Runtime;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.VariableDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * The {@code PREFIX-N.meta} that {@code run --save-checkpoint} writes, read by code this project
 * did not write: TF 1.15.0's runtime (in its child JVM) and TF 2.18's each import its {@code
 * graph_def} into a fresh graph and restore the checkpoint through its {@code saver_def}'s names
 * ({@code Saver.restore}: feed {@code filename_tensor_name}, run {@code restore_op_name}), as
 * {@code tf.train.import_meta_graph} then {@code saver.restore} do; the restored variables are
 * the checkpoint's, read by the test's own bundle reader. TF 1.15's import also checks each
 * node's {@code _output_shapes} against its own shape inference ({@code
 * GraphConstructor::ValidateShape}: one shape per output, each compatible).
 */
@ChildJvm
class MetaGraphFileTest {
  private static Tf115Runtime runtime;

  @BeforeAll
  static void start() {
    runtime = Tf115Runtime.start();
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  private static List<String> flags(Variant v) {
    return switch (v) {
      case NONE -> List.of("--norm", "none");
      case LAYER -> List.of("--norm", "layer");
      case BATCH_KERAS -> List.of();
      case BATCH_COLLECTED -> List.of("--bn-updates", "collected");
    };
  }

  private static Path save(Path dir, Variant v, String runtimeName, int epochs) {
    Path prefix = dir.resolve(v.key() + "-" + runtimeName);
    List<String> args = new ArrayList<>(List.of("run", "--quiet", "--epochs",
        String.valueOf(epochs), "--runtime", runtimeName, "--save-checkpoint",
        prefix.toString()));
    args.addAll(flags(v));
    Cli r = Cli.run(args.toArray(new String[0]));
    assertEquals(0, r.exitCode(), r.err());
    return prefix;
  }

  private static List<VariableDef> variables(MetaGraphDef m) throws IOException {
    List<VariableDef> vars = new ArrayList<>();
    for (var b : m.getCollectionDefOrThrow("variables").getBytesList().getValueList()) {
      vars.add(VariableDef.parseFrom(b));
    }
    return vars;
  }

  private static float[] floats(byte[] data) {
    var b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] f = new float[b.remaining()];
    b.get(f);
    return f;
  }

  /** The variable's name in the checkpoint: its op's name ({@code variable_name} without :0). */
  private static String key(VariableDef v) {
    return v.getVariableName().substring(0, v.getVariableName().lastIndexOf(':'));
  }

  @Test
  void tf115AndTf218ImportEachVariantsMetaGraphAndRestoreItsCheckpoint(@TempDir Path dir)
      throws IOException {
    Map<String, OpDef> tf115 = new HashMap<>();
    runtime.registeredOpList().getOpList().forEach(op -> tf115.put(op.getName(), op));
    for (Variant v : Variant.values()) {
      Path prefix = save(dir, v, "tf2", 1);
      Path checkpoint = Path.of(prefix + "-1");
      MetaGraphDef meta = MetaGraphDef.parseFrom(Files.readAllBytes(Path.of(checkpoint + ".meta")));

      // stripped_op_list: exactly the op types of graph_def's nodes, sorted, each TF 1.15's.
      TreeSet<String> used = new TreeSet<>();
      meta.getGraphDef().getNodeList().forEach(n -> used.add(n.getOp()));
      List<String> listed = new ArrayList<>();
      for (OpDef op : meta.getMetaInfoDef().getStrippedOpList().getOpList()) {
        listed.add(op.getName());
        assertEquals(tf115.get(op.getName()), op, op.getName());
      }
      assertEquals(new ArrayList<>(used), listed, v.key());

      BundleFiles.Bundle saved = BundleFiles.read(checkpoint);
      List<VariableDef> vars = variables(meta);
      assertEquals(new TreeSet<>(saved.tensors().keySet()),
          new TreeSet<>(vars.stream().map(MetaGraphFileTest::key).toList()), v.key());
      List<String> snapshots = vars.stream().map(VariableDef::getSnapshotName).toList();
      String filename = meta.getSaverDef().getFilenameTensorName();
      String restore = meta.getSaverDef().getRestoreOpName();

      // TF 1.15: tf.import_graph_def into a fresh graph, then saver.restore.
      runtime.session(meta.getGraphDef(), ConfigProto.getDefaultInstance());
      Tf115Runtime.TensorRef name = runtime.string(checkpoint.toString());
      runtime.run(List.of(new Tf115Runtime.Feed(filename, name)), List.of(), List.of(restore));
      runtime.free(name);
      List<Tf115Runtime.Fetched> restored = runtime.run(List.of(), snapshots, List.of());
      for (int i = 0; i < vars.size(); i++) {
        assertArrayEquals(saved.tensors().get(key(vars.get(i))).asFloats(),
            floats(restored.get(i).data()), v.key() + " " + key(vars.get(i)) + " on TF 1.15");
      }

      // TF 2.18: the same, in this JVM.
      try (Graph g = new Graph(); Session s = new Session(g);
          TString file = TString.scalarOf(checkpoint.toString())) {
        g.importGraphDef(meta.getGraphDef());
        s.runner().feed(filename, file).addTarget(restore).run().close();
        Session.Runner fetch = s.runner();
        snapshots.forEach(fetch::fetch);
        try (Result r = fetch.run()) {
          for (int i = 0; i < vars.size(); i++) {
            TFloat32 t = (TFloat32) r.get(i);
            float[] f = new float[(int) t.size()];
            t.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(f, false, false));
            assertArrayEquals(saved.tensors().get(key(vars.get(i))).asFloats(), f,
                v.key() + " " + key(vars.get(i)) + " on TF 2.18");
          }
        }
      }
    }
  }

  /**
   * {@code --runtime tf1} saves through TF 1.15's kernels; the parent writes the {@code .meta}
   * from the graph it built, TF 1.15's registry giving the OpDefs: the same bytes as the TF
   * 2.18 run's (a same-machine comparison of deterministic serializations).
   */
  @Test
  void bothRuntimesWriteTheSameMetaGraph(@TempDir Path dir) throws IOException {
    Path a = save(dir, Variant.BATCH_COLLECTED, "tf1", 1);
    Path b = save(dir, Variant.BATCH_COLLECTED, "tf2", 1);
    for (String n : List.of("-0.meta", "-1.meta")) {
      assertArrayEquals(Files.readAllBytes(Path.of(b + n)), Files.readAllBytes(Path.of(a + n)),
          n);
    }
  }

  /**
   * The OpDefs bundled for a TF 2.18 process ({@code hiddenlayer/tf115/ops.pb}) are TF 1.15's
   * registry's, and cover every op type of every variant's graph with its Saver.
   */
  @Test
  void theBundledOpDefsAreTf115s() {
    Map<String, OpDef> tf115 = new HashMap<>();
    runtime.registeredOpList().getOpList().forEach(op -> tf115.put(op.getName(), op));
    TreeSet<String> bundled = new TreeSet<>();
    for (OpDef op : Tf115Ops.bundled().getOpList()) {
      assertEquals(tf115.get(op.getName()), op, op.getName());
      bundled.add(op.getName());
    }
    TreeSet<String> used = new TreeSet<>(hiddenlayer.tf115.Tf115OpsBundleWriter.usedOps());
    assertTrue(bundled.containsAll(used), "missing: " + used.stream()
        .filter(o -> !bundled.contains(o)).toList());
  }
}
