package hiddenlayer.tf1.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.graph.GraphConfig;
import hiddenlayer.graph.NotebookGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.MetaGraphDef;

/**
 * {@code Saver.save(sess, PREFIX, global_step=N)}'s {@code .meta} (training/saver.py of
 * v1.15.0, lines 1195-1203: {@code write_meta_graph=True} by default, the file {@code
 * meta_graph_filename(checkpoint_file)} = {@code PREFIX-N.meta}, checkpoint_management.py lines
 * 476-491) and its removal with its checkpoint ({@code remove_checkpoint}, lines 446-467), the
 * checkpoint files written by a stand-in for the session.
 */
class SaverMetaGraphTest {
  /** A session stand-in: the two files SaveV2 writes for a V2 checkpoint. */
  private static Saver.Runner files() {
    return new Saver.Runner() {
      @Override
      public String save(String checkpoint) {
        try {
          Files.writeString(Path.of(checkpoint + ".index"), "index");
          Files.writeString(Path.of(checkpoint + ".data-00000-of-00001"), "data");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return checkpoint;
      }

      @Override
      public void restore(String prefix) {}
    };
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void everyCheckpointGetsItsMetaGraphAndLosesItWithItsFiles(@TempDir Path dir)
      throws IOException {
    try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook().withUnits(List.of(4, 3, 2)))) {
      Saver saver = g.saver();
      MetaGraphDef meta = g.metaGraphDef();
      String prefix = dir.resolve("nb").toString();
      for (int step = 0; step <= 6; step++) {
        saver.save(files(), prefix, step, meta);
      }
      // max_to_keep = 5: nb-0 and nb-1 fell out, each with its .meta.
      assertEquals(List.of("checkpoint",
          "nb-2.data-00000-of-00001", "nb-2.index", "nb-2.meta",
          "nb-3.data-00000-of-00001", "nb-3.index", "nb-3.meta",
          "nb-4.data-00000-of-00001", "nb-4.index", "nb-4.meta",
          "nb-5.data-00000-of-00001", "nb-5.index", "nb-5.meta",
          "nb-6.data-00000-of-00001", "nb-6.index", "nb-6.meta"), names(dir));
      MetaGraphDef read = MetaGraphDef.parseFrom(Files.readAllBytes(dir.resolve("nb-6.meta")));
      assertEquals(meta, read);
      assertEquals("save/restore_all", read.getSaverDef().getRestoreOpName());
    }
  }

  @Test
  void withoutAMetaGraphNoneIsWritten(@TempDir Path dir) throws IOException {
    try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook().withUnits(List.of(4, 3, 2)))) {
      g.saver().save(files(), dir.resolve("nb").toString(), 0);
      assertEquals(List.of("checkpoint", "nb-0.data-00000-of-00001", "nb-0.index"), names(dir));
    }
  }

  /**
   * A {@code .meta} that cannot be written (here: a non-empty directory holds its name) fails
   * the save in one line naming the file; the temporary file is gone (file_io.py lines 537-543
   * delete it when the rename fails).
   */
  @Test
  void aMetaGraphThatCannotBeWrittenFailsTheSaveInOneLine(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("nb-3.meta").resolve("x"));
    try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook().withUnits(List.of(4, 3, 2)))) {
      Saver saver = g.saver();
      CheckpointException e = assertThrows(CheckpointException.class,
          () -> saver.save(files(), dir.resolve("nb").toString(), 3, g.metaGraphDef()));
      assertTrue(e.getMessage().startsWith(dir.resolve("nb-3.meta") + ": cannot save the meta "
          + "graph ("), e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
      assertEquals(List.of("checkpoint", "nb-3.data-00000-of-00001", "nb-3.index", "nb-3.meta"),
          names(dir));
      assertEquals(List.of("x"), names(dir.resolve("nb-3.meta")));
    }
  }
}
