package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import hiddenlayer.graph.GraphConfig;
import hiddenlayer.train.NotebookMetaGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --meta-graph FILE} on TF 2.18 with the notebook's graph exported as a MetaGraphDef
 * (the {@code PREFIX-0.meta} that {@code run --save-checkpoint} writes as {@code Saver.save} does,
 * or {@link NotebookMetaGraph}: GraphDef, {@code variables} VariableDefs, {@code train_op}, the
 * Saver's {@code saver_def}): the file's graph, imported, initialised from its VariableDefs and run
 * by the notebook's tensor names, prints the same bytes as {@code run}, which builds the graph
 * itself (two paths on this machine, so exact); its checkpoints, through the file's {@code
 * saver_def}, hold the same bytes as the notebook path's, restore into either path alike, and
 * {@code evaluate} and {@code compare --run} take the file too.
 */
class MetaGraphRunTest {
  @Test
  void theSavedMetaGraphTrainsToTheSameBytesWithEveryOutput(@TempDir Path dir)
      throws IOException {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Files.createDirectories(a);
    Files.createDirectories(b);
    Cli built = Cli.run("run", "--quiet", "--epochs", "20", "--save-checkpoint",
        a.resolve("nb").toString(), "--save-every", "10");
    assertEquals(0, built.exitCode(), built.err());
    Path meta = a.resolve("nb-0.meta"); // what saver.save(session, PREFIX, global_step=0) wrote

    Path csv = dir.resolve("run.csv");
    Path json = dir.resolve("run.json");
    Path board = dir.resolve("tb");
    Cli imported = Cli.run("run", "--quiet", "--epochs", "20", "--meta-graph", meta.toString(),
        "--csv", csv.toString(), "--json", json.toString(), "--tensorboard", board.toString(),
        "--save-checkpoint", b.resolve("nb").toString(), "--save-every", "10");
    assertEquals(0, imported.exitCode(), imported.err());
    assertEquals(built.out(), imported.out());
    assertEquals(3, imported.outLines().length, imported.out());

    assertEquals(3, Files.readAllLines(csv).size()); // header, rows 10 and 20
    JsonObject options = JsonParser.parseString(Files.readString(json)).getAsJsonObject()
        .getAsJsonObject("options");
    assertEquals(meta.toString(), options.get("meta_graph").getAsString());
    assertEquals("Placeholder:0", options.getAsJsonObject("tensors").get("x").getAsString());
    assertEquals("Adam", options.getAsJsonObject("tensors").get("train_op").getAsString());
    try (Stream<Path> events = Files.list(board)) {
      assertTrue(events.anyMatch(p -> p.getFileName().toString().startsWith("events.out")));
    }
    // The same checkpoints (0, 10, 20), byte for byte, and the same state file; the file's
    // MetaGraphDef beside each of the imported run's.
    for (String step : List.of("0", "10", "20")) {
      assertArrayEquals(Files.readAllBytes(meta), Files.readAllBytes(b.resolve("nb-" + step
          + ".meta")), step + ".meta");
      for (String suffix : List.of(".index", ".data-00000-of-00001")) {
        assertArrayEquals(Files.readAllBytes(a.resolve("nb-" + step + suffix)),
            Files.readAllBytes(b.resolve("nb-" + step + suffix)), step + suffix);
      }
    }
    assertEquals(Files.readString(a.resolve("checkpoint")).replace(a.toString(), "DIR"),
        Files.readString(b.resolve("checkpoint")).replace(b.toString(), "DIR"));

    // Restored through the file's saver_def, the loop goes on at 11 as the notebook path's does.
    Cli resumedBuilt = Cli.run("run", "--quiet", "--epochs", "20", "--restore-checkpoint",
        a.resolve("nb-10").toString());
    Cli resumedImported = Cli.run("run", "--quiet", "--epochs", "20", "--meta-graph",
        meta.toString(), "--restore-checkpoint", a.resolve("nb-10").toString());
    assertEquals(0, resumedImported.exitCode(), resumedImported.err());
    assertEquals(resumedBuilt.out(), resumedImported.out());
    assertEquals(built.outLines()[1], resumedImported.outLines()[0]); // row 20

    // evaluate: the checkpoint restored into the file's graph, one row, the run's row 20.
    Cli evaluated = Cli.run("evaluate", "--meta-graph", meta.toString(),
        b.resolve("nb-20").toString());
    assertEquals(0, evaluated.exitCode(), evaluated.err());
    assertEquals(built.outLines()[1] + "\n", evaluated.out());

    // compare --run: the notebook path's printed rows against the file's graph run now.
    Path expected = dir.resolve("expected.txt");
    Files.writeString(expected, built.out());
    Cli compared = Cli.run("compare", expected.toString(), "--run", "--quiet", "--epochs", "20",
        "--meta-graph", meta.toString());
    assertEquals(0, compared.exitCode(), compared.out() + compared.err());
  }

  /**
   * The names default to the notebook's; {@code --tensors} names them as a user's graph does; a
   * text MetaGraphDef runs as the binary one.
   */
  @Test
  void tensorsGivenByNameAreTheOnesRun(@TempDir Path dir) throws IOException {
    Path meta = NotebookMetaGraph.write(GraphConfig.notebook(), dir.resolve("nb.meta"));
    Cli byDefault = Cli.run("run", "--quiet", "--epochs", "10", "--meta-graph", meta.toString());
    Cli named = Cli.run("run", "--quiet", "--epochs", "10", "--meta-graph", meta.toString(),
        "--tensors", "x=Placeholder:0,y=Placeholder_1,training=Placeholder_2:0,loss=Mean,"
            + "accuracy=truediv:0,train_op=Adam");
    assertEquals(0, named.exitCode(), named.err());
    assertEquals(byDefault.out(), named.out());
    // export_meta_graph(as_text=True): the same MetaGraphDef as protobuf text.
    Path text = dir.resolve("nb.meta.pbtxt");
    Files.writeString(text, com.google.protobuf.TextFormat.printer().printToString(
        NotebookMetaGraph.of(GraphConfig.notebook())));
    Cli fromText = Cli.run("run", "--quiet", "--epochs", "10", "--meta-graph", text.toString());
    assertEquals(0, fromText.exitCode(), fromText.err());
    assertEquals(byDefault.out(), fromText.out());
    // Fetching another tensor as the accuracy changes the printed accuracies, not the losses:
    // the cast numerator (truediv/Cast, float64) is the count of correct predictions.
    Cli counted = Cli.run("run", "--quiet", "--epochs", "10", "--meta-graph", meta.toString(),
        "--tensors", "accuracy=truediv/Cast");
    assertEquals(0, counted.exitCode(), counted.err());
    String[] row = counted.outLines()[0].split(" ");
    String[] notebook = byDefault.outLines()[0].split(" ");
    assertEquals(Arrays.asList(notebook).subList(0, 4), Arrays.asList(row).subList(0, 4));
    // 1000 train images at the notebook's accuracy: the count is accuracy * 1000.
    assertEquals(Double.parseDouble(notebook[4]) * 1000, Double.parseDouble(row[4]), 0.5);
  }
}
