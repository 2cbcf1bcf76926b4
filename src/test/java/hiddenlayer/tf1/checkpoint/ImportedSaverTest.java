package hiddenlayer.tf1.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hiddenlayer.tf1.MetaGraphImport;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;

/**
 * {@link ImportedSaver} and {@link MetaGraphImport#globalVariablesInitializer()} on the
 * half_plus_two SavedModel that TF1's Python wrote for {@code tensorflow/cc/saved_model}'s tests
 * (vendored with its {@code variables/} checkpoint, see {@code graph/tf-testdata/README.md}). Its
 * generator ({@code tensorflow/contrib/session_bundle/example/export_half_plus_two.py}) makes
 * {@code a = tf.Variable(0.5, name="a")}, {@code b = tf.Variable(2.0, name="b")}, {@code y =
 * a*x + b}, and a sharded V2 Saver; {@code loader_test.cc CheckSavedModelBundle} expects {@code
 * y} = 2, 2.5, 3, 3.5 for {@code x} = 0, 1, 2, 3 once the bundle's variables are restored.
 */
class ImportedSaverTest {
  private static final float[] X = {0, 1, 2, 3};
  /** loader_test.cc: test::AsTensor<float>({2, 2.5, 3, 3.5}, TensorShape({4, 1})). */
  private static final float[] Y = {2f, 2.5f, 3f, 3.5f};

  static Path testdata(String name) {
    try {
      return Path.of(ImportedSaverTest.class.getResource("/hiddenlayer/graph/tf-testdata/"
          + name).toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  static MetaGraphImport halfPlusTwo() throws IOException {
    return MetaGraphImport.of(SavedModel.parseFrom(Files.readAllBytes(
        testdata("half_plus_two/saved_model.pb"))).getMetaGraphs(0));
  }

  static String variablesPrefix() {
    return testdata("half_plus_two/variables").resolve("variables").toString();
  }

  @Test
  void restoresTheSavedModelsVariablesThroughItsSaverDefAloneAndYIsHalfXPlusTwo()
      throws IOException {
    MetaGraphImport meta = halfPlusTwo();
    ImportedSaver saver = ImportedSaver.of(meta).orElseThrow();
    // What RestoreV2 reads: a, b, c, scalars of float32 (tf.Variable(0.5), (2.0), (3.0)).
    assertEquals(List.of("a", "b", "c"),
        saver.restoredTensors().stream().map(SavedTensor::name).toList());
    for (SavedTensor t : saver.restoredTensors()) {
      assertEquals("float32", t.dtype());
      assertArrayEquals(new long[0], t.shape());
    }
    try (Graph g = new Graph()) {
      g.importGraphDef(meta.graphDef());
      try (Session s = new Session(g)) {
        // No initializer runs: only the restore can give a and b their values.
        saver.restore(saver.runner(s), variablesPrefix());
        assertArrayEquals(Y, y(s));
      }
    }
  }

  @Test
  void initialisesFromTheVariableDefsAloneAndYIsHalfXPlusTwo() throws IOException {
    MetaGraphImport meta = halfPlusTwo();
    try (Graph g = new Graph()) {
      g.importGraphDef(meta.graphDef());
      try (Session s = new Session(g)) {
        Session.Runner r = s.runner();
        meta.globalVariablesInitializer().forEach(r::addTarget);
        r.run().close();
        assertArrayEquals(Y, y(s));
      }
    }
  }

  @Test
  void savesThroughTheShardedSaverDefAndTheCheckpointReadsBack(@TempDir Path dir)
      throws IOException {
    MetaGraphImport meta = halfPlusTwo();
    ImportedSaver saver = ImportedSaver.of(meta).orElseThrow();
    String prefix = dir.resolve("hp2").toString();
    try (Graph g = new Graph()) {
      g.importGraphDef(meta.graphDef());
      try (Session s = new Session(g)) {
        saver.restore(saver.runner(s), variablesPrefix());
        assertEquals(prefix + "-7", saver.save(saver.runner(s), prefix, 7));
      }
    }
    // The merged V2 checkpoint, read by the test-side reader: a=0.5, b=2, c=3 as restored.
    BundleFiles.Bundle b = BundleFiles.read(Path.of(prefix + "-7"));
    assertEquals(List.of("a", "b", "c"), new ArrayList<>(b.tensors().keySet()));
    String state = Files.readString(dir.resolve("checkpoint"));
    // An absolute save path is kept absolute (checkpoint_management.update_checkpoint_state).
    assertEquals("model_checkpoint_path: \"" + prefix + "-7\"\nall_model_checkpoint_paths: \""
        + prefix + "-7\"\n", state);
  }

  @Test
  void aCheckpointOfAnotherGraphIsRefusedNamingTheMissingVariables() throws IOException {
    ImportedSaver saver = ImportedSaver.of(halfPlusTwo()).orElseThrow();
    String foo;
    try {
      foo = Path.of(ImportedSaverTest.class.getResource(
          "/hiddenlayer/tf1/checkpoint/tf-testdata/foo.index").toURI()).toString()
          .replaceFirst("\\.index$", "");
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
    CheckpointException e = assertThrows(CheckpointException.class,
        () -> saver.restore(new Saver.Runner() {
          @Override
          public String save(String checkpoint) {
            throw new AssertionError();
          }

          @Override
          public void restore(String prefix) {
            throw new AssertionError("the check comes first");
          }
        }, foo));
    assertEquals(foo + ": has no variables a, b, c, which the graph needs (the checkpoint holds"
        + " 4 tensors: floats, scalar, string_tensor, strs)", e.getMessage());
  }

  /**
   * {@code tensorflow/core/profiler/internal/testdata/ckpt.meta} and its checkpoint, which
   * {@code Saver.save} wrote for TF's profiler tests ({@code tfprof_show_test.cc} reads the
   * checkpoint): the restore reads what the checkpoint holds (names, dtypes and shapes as the
   * test-side {@link BundleFiles} reads the index), and after a restore through the file's
   * {@code saver_def} each VariableDef's {@code snapshot_name} fetches the values {@link
   * BundleFiles} reads from the data file.
   */
  @Test
  void profilerCheckpointRestoresThroughItsMetaGraphToTheValuesItHolds() throws IOException {
    MetaGraphImport meta = MetaGraphImport.of(org.tensorflow.proto.MetaGraphDef.parseFrom(
        Files.readAllBytes(testdata("profiler/ckpt.meta"))));
    ImportedSaver saver = ImportedSaver.of(meta).orElseThrow();
    Path prefix = testdata("profiler").resolve("ckpt");
    BundleFiles.Bundle bundle = BundleFiles.read(prefix);
    List<String> expectedNames = new ArrayList<>(bundle.tensors().keySet());
    assertEquals(expectedNames, saver.restoredTensors().stream().map(SavedTensor::name).toList());
    for (SavedTensor t : saver.restoredTensors()) {
      BundleFiles.Tensor b = bundle.tensors().get(t.name());
      assertEquals(BundleFiles.DT_FLOAT, b.dtype());
      assertEquals("float32", t.dtype());
      assertArrayEquals(b.shape(), t.shape(), t.name());
    }
    assertEquals(List.of("ScalarW/Assign", "DW/Assign", "DW2/Assign"),
        meta.globalVariablesInitializer());
    try (Graph g = new Graph()) {
      g.importGraphDef(meta.graphDef());
      try (Session s = new Session(g)) {
        saver.restore(saver.runner(s), prefix.toString());
        for (MetaGraphImport.Variable v : meta.variables()) {
          try (Result r = s.runner().fetch(v.snapshotName()).run()) {
            TFloat32 value = (TFloat32) r.get(0);
            float[] got = new float[(int) value.shape().size()];
            value.copyTo(DataBuffers.of(got, false, false));
            assertArrayEquals(bundle.tensors().get(v.opName()).asFloats(), got, v.opName());
          }
        }
      }
    }
  }

  private static float[] y(Session s) {
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(4, 1), DataBuffers.of(X));
        Result r = s.runner().feed("x:0", x).fetch("y:0").run()) {
      TFloat32 y = (TFloat32) r.get(0);
      assertEquals(Shape.of(4, 1), y.shape());
      float[] out = new float[4];
      y.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }
}
