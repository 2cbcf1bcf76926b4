package hiddenlayer.cli;

import static hiddenlayer.cli.CheckpointBadInputTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hiddenlayer.ChildJvm;
import hiddenlayer.graph.GraphConfig;
import hiddenlayer.train.NotebookMetaGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;

/**
 * {@code run --runtime tf1 --meta-graph FILE}: the exported notebook graph ({@link
 * NotebookMetaGraph}) handed to TF 1.15.0's own runtime prints the same bytes as {@code run
 * --runtime tf1} (same runtime, same machine); its checkpoint, saved through the file's {@code
 * saver_def} by TF 1.15, restores into the file's graph on TF 1.15 ({@code evaluate}) and gives
 * the run's own row; an op TF 1.15 lacks is one line naming the node.
 */
@ChildJvm
class MetaGraphTf1Test {
  @Test
  void theExportedNotebookGraphOnTf115PrintsWhatRunPrints(@TempDir Path dir) throws IOException {
    Path meta = NotebookMetaGraph.write(GraphConfig.notebook(), dir.resolve("nb.meta"));
    Cli built = Cli.run("run", "--quiet", "--runtime", "tf1", "--epochs", "20");
    assertEquals(0, built.exitCode(), built.err());
    Path prefix = dir.resolve("nb");
    Cli imported = Cli.run("run", "--quiet", "--runtime", "tf1", "--epochs", "20",
        "--meta-graph", meta.toString(), "--save-checkpoint", prefix.toString());
    assertEquals(0, imported.exitCode(), imported.err());
    assertEquals(built.out(), imported.out());

    Cli evaluated = Cli.run("evaluate", "--runtime", "tf1", "--meta-graph", meta.toString(),
        prefix + "-20");
    assertEquals(0, evaluated.exitCode(), evaluated.err());
    assertEquals(built.outLines()[1] + "\n", evaluated.out()); // row 20

    MetaGraphDef m = MetaGraphDef.parseFrom(Files.readAllBytes(meta));
    GraphDef.Builder g = m.getGraphDef().toBuilder();
    g.getNodeBuilderList().stream().filter(n -> n.getName().equals("Mean"))
        .forEach(n -> n.setOp("NoSuchOp"));
    Path unknown = dir.resolve("op.meta");
    Files.write(unknown, m.toBuilder().setGraphDef(g).build().toByteArray());
    assertOneLine(Cli.run("run", "--quiet", "--runtime", "tf1", "--epochs", "10",
        "--meta-graph", unknown.toString()), "error: " + unknown + ": TF 1.15 cannot run its "
        + "graph (node Mean: TF 1.15 has no op NoSuchOp)");
  }
}
