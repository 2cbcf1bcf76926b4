package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code saved-model show DIR} on TF's own test SavedModels ({@code graph/tf-testdata/README.md}),
 * against what TF's own tests assert of them.
 */
class SavedModelShowTest {
  /**
   * {@code saved_model_cli show --dir half_plus_two/00000123 --all}, stripped: {@code
   * exp_out} of {@code testShowCommandAll} in {@code tensorflow/python/tools/saved_model_cli_test.py}
   * (v1.15.0), copied as it stands there.
   */
  static final String HALF_PLUS_TWO = """
      MetaGraphDef with tag-set: 'serve' contains the following SignatureDefs:

      signature_def['classify_x2_to_y3']:
        The given SavedModel SignatureDef contains the following input(s):
          inputs['inputs'] tensor_info:
              dtype: DT_FLOAT
              shape: (-1, 1)
              name: x2:0
        The given SavedModel SignatureDef contains the following output(s):
          outputs['scores'] tensor_info:
              dtype: DT_FLOAT
              shape: (-1, 1)
              name: y3:0
        Method name is: tensorflow/serving/classify

      signature_def['classify_x_to_y']:
        The given SavedModel SignatureDef contains the following input(s):
          inputs['inputs'] tensor_info:
              dtype: DT_STRING
              shape: unknown_rank
              name: tf_example:0
        The given SavedModel SignatureDef contains the following output(s):
          outputs['scores'] tensor_info:
              dtype: DT_FLOAT
              shape: (-1, 1)
              name: y:0
        Method name is: tensorflow/serving/classify

      signature_def['regress_x2_to_y3']:
        The given SavedModel SignatureDef contains the following input(s):
          inputs['inputs'] tensor_info:
              dtype: DT_FLOAT
              shape: (-1, 1)
              name: x2:0
        The given SavedModel SignatureDef contains the following output(s):
          outputs['outputs'] tensor_info:
              dtype: DT_FLOAT
              shape: (-1, 1)
              name: y3:0
        Method name is: tensorflow/serving/regress

      signature_def['regress_x_to_y']:
        The given SavedModel SignatureDef contains the following input(s):
          inputs['inputs'] tensor_info:
              dtype: DT_STRING
              shape: unknown_rank
              name: tf_example:0
        The given SavedModel SignatureDef contains the following output(s):
          outputs['outputs'] tensor_info:
              dtype: DT_FLOAT
              shape: (-1, 1)
              name: y:0
        Method name is: tensorflow/serving/regress

      signature_def['regress_x_to_y2']:
        The given SavedModel SignatureDef contains the following input(s):
          inputs['inputs'] tensor_info:
              dtype: DT_STRING
              shape: unknown_rank
              name: tf_example:0
        The given SavedModel SignatureDef contains the following output(s):
          outputs['outputs'] tensor_info:
              dtype: DT_FLOAT
              shape: (-1, 1)
              name: y2:0
        Method name is: tensorflow/serving/regress

      signature_def['serving_default']:
        The given SavedModel SignatureDef contains the following input(s):
          inputs['x'] tensor_info:
              dtype: DT_FLOAT
              shape: (-1, 1)
              name: x:0
        The given SavedModel SignatureDef contains the following output(s):
          outputs['y'] tensor_info:
              dtype: DT_FLOAT
              shape: (-1, 1)
              name: y:0
        Method name is: tensorflow/serving/predict""";

  static Path testdata(String name) {
    try {
      return Path.of(SavedModelShowTest.class.getResource("/hiddenlayer/graph/tf-testdata/"
          + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void halfPlusTwoIsWhatSavedModelCliPrints() {
    Cli r = Cli.run("saved-model", "show", testdata("half_plus_two").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals("", r.err());
    // Python prints a blank line first (the "\n" of _show_all's first print); the test strips it
    assertTrue(r.out().startsWith("\nMetaGraphDef"), r.out());
    assertEquals(HALF_PLUS_TWO, r.out().strip());
  }

  /** The protobuf text twin of the same model: the same listing. */
  @Test
  void halfPlusTwoPbtxtIsTheSame() {
    Cli r = Cli.run("saved-model", "show", testdata("half_plus_two_pbtxt").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(HALF_PLUS_TWO, r.out().strip());
  }

  /**
   * The main-op and init-op-V2 variants: {@code tensorflow/cc/saved_model/loader_test.cc} ({@code
   * MainOpFormat}, {@code SavedModelInitOpV2Format}, via {@code CheckSavedModelBundle}) runs
   * both through their {@code regress_x_to_y} signature's {@code inputs} ({@code
   * kRegressInputs}) and {@code outputs} ({@code kRegressOutputs}); loader.cc looks the V2 one's
   * init op up as the signature {@code __saved_model_init_op} ({@code
   * kSavedModelInitOpSignatureKey}).
   */
  @Test
  void mainOpAndV2NameTheirSignatures() {
    for (String name : List.of("half_plus_two_main_op", "half_plus_two_v2")) {
      Cli r = Cli.run("saved-model", "show", testdata(name).toString());
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.out().startsWith(
          "\nMetaGraphDef with tag-set: 'serve' contains the following SignatureDefs:\n"), name);
      String regress = section(r.out(), "regress_x_to_y");
      assertTrue(regress.contains("    inputs['inputs'] tensor_info:\n"), regress);
      assertTrue(regress.contains("    outputs['outputs'] tensor_info:\n"), regress);
      assertTrue(regress.endsWith("  Method name is: tensorflow/serving/regress\n"), regress);
    }
    Cli v2 = Cli.run("saved-model", "show", testdata("half_plus_two_v2").toString());
    assertTrue(v2.out().contains("\nsignature_def['__saved_model_init_op']:\n"), v2.out());
  }

  /** The lines of signature {@code key}, from its header to the blank line after it. */
  private static String section(String out, String key) {
    String header = "\nsignature_def['" + key + "']:\n";
    int start = out.indexOf(header);
    assertTrue(start >= 0, key + " not in\n" + out);
    int end = out.indexOf("\n\n", start + header.length());
    return out.substring(start + header.length(), end < 0 ? out.length() : end + 1);
  }

  @Test
  void notASavedModelIsOneLine(@TempDir Path dir) throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Path file = Files.writeString(dir.resolve("file.txt"), "hello");
    Path garbage = Files.createDirectory(dir.resolve("garbage"));
    Files.write(garbage.resolve("saved_model.pb"), new byte[] {(byte) 0xff, 1, 2});
    Path text = Files.createDirectory(dir.resolve("text"));
    Files.writeString(text.resolve("saved_model.pbtxt"), "node { name: 'x' }");
    for (Object[] c : new Object[][] {
        {empty, empty + ": not a SavedModel (no saved_model.pb or saved_model.pbtxt)"},
        {file, file + ": not a directory (a SavedModel is a directory holding saved_model.pb)"},
        {dir.resolve("missing"), dir.resolve("missing") + ": no such directory"},
        {text, text.resolve("saved_model.pbtxt") + ": not a SavedModel as protobuf text"},
        {garbage, garbage.resolve("saved_model.pb") + ": not a SavedModel"}}) {
      Cli r = Cli.run("saved-model", "show", c[0].toString());
      assertEquals(1, r.exitCode(), r.out() + r.err());
      assertEquals("", r.out());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("error: " + c[1]), r.err());
    }
  }
}
