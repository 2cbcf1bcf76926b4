package hiddenlayer.tf1.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code checkpoint} file, as TF 1.15's {@code update_checkpoint_state_internal} writes it:
 * {@code text_format.MessageToString(CheckpointState(...))}, paths relative to a relative save
 * directory ({@code generate_checkpoint_state_proto}), the newest last.
 */
class CheckpointStateTest {
  @Test
  void relativeSaveDirectoryGivesPathsRelativeToIt() {
    // saver.save(session, 'ckpt/notebook', global_step=0), then global_step=160
    assertEquals("model_checkpoint_path: \"notebook-160\"\n"
            + "all_model_checkpoint_paths: \"notebook-0\"\n"
            + "all_model_checkpoint_paths: \"notebook-160\"\n",
        CheckpointState.text("ckpt", "ckpt/notebook-160",
            List.of("ckpt/notebook-0", "ckpt/notebook-160")));
  }

  @Test
  void absoluteSaveDirectoryKeepsAbsolutePaths() {
    assertEquals("model_checkpoint_path: \"/tmp/c/nb-0\"\n"
            + "all_model_checkpoint_paths: \"/tmp/c/nb-0\"\n",
        CheckpointState.text("/tmp/c", "/tmp/c/nb-0", List.of("/tmp/c/nb-0")));
  }

  @Test
  void prefixWithoutDirectoryIsRelativeToTheWorkingDirectory() {
    assertEquals("", CheckpointState.dirname("notebook"));
    assertEquals("ckpt/a", CheckpointState.dirname("ckpt/a/notebook"));
    assertEquals("/", CheckpointState.dirname("/notebook"));
    assertEquals("model_checkpoint_path: \"notebook-5\"\n"
            + "all_model_checkpoint_paths: \"notebook-5\"\n",
        CheckpointState.text("", "notebook-5", List.of()));
  }

  @Test
  void stringsAreEscapedAsProtobufTextFormatDoes() {
    // text_encoding.CEscape(as_utf8=False): quote and backslash escaped, UTF-8 bytes in octal.
    assertEquals("a\\\"b\\\\c\\303\\251", CheckpointState.escape("a\"b\\cé"));
  }

  @Test
  void unescapeUndoesEscapeAndRefusesWhatEscapeNeverWrites() {
    assertEquals(Optional.of("a\"b\\c\u00e9\t'"),
        CheckpointState.unescape("a\\\"b\\\\c\\303\\251\\t\\'"));
    assertEquals(Optional.empty(), CheckpointState.unescape("a\"b"));
    assertEquals(Optional.empty(), CheckpointState.unescape("a\\"));
    assertEquals(Optional.empty(), CheckpointState.unescape("\\9"));
  }

  @Test
  void listedNamesEveryPathTheStateFileHoldsJoinedToItsDirectory(
      @TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("checkpoint"), """
        model_checkpoint_path: "nb-20"
        all_model_checkpoint_paths: "nb-10"
        all_model_checkpoint_paths: "/elsewhere/x\\303\\251-5"
        all_model_checkpoint_paths: "nb-20"
        """);
    assertEquals(Optional.of(Set.of(dir.resolve("nb-20"),
        dir.resolve("nb-10"), Path.of("/elsewhere/x\u00e9-5"))),
        CheckpointState.listed(dir.toString()));
    Files.writeString(dir.resolve("checkpoint"), "model_checkpoint_path: nb\n");
    assertEquals(Optional.empty(), CheckpointState.listed(dir.toString()));
    assertEquals(Optional.empty(), CheckpointState.listed(dir.resolve("no").toString()));
  }
}
