package hiddenlayer.cli;

import static hiddenlayer.cli.CheckpointBadInputTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;

import hiddenlayer.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;

/**
 * {@code run --runtime tf1 --meta-graph FILE}: the notebook graph's {@code PREFIX-0.meta}, as
 * {@code run --save-checkpoint} writes it, handed to TF 1.15.0's own runtime prints the same
 * bytes as {@code run --runtime tf1} (same runtime, same machine); its checkpoint, saved through
 * the file's {@code saver_def} by TF 1.15 with the file's MetaGraphDef beside it, restores into
 * that {@code .meta}'s graph on TF 1.15 ({@code evaluate}) and gives the run's own row; an op
 * TF 1.15 lacks is one line naming the node.
 */
@ChildJvm
class MetaGraphTf1Test {
  @Test
  void theExportedNotebookGraphOnTf115PrintsWhatRunPrints(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("built"));
    Cli built = Cli.run("run", "--quiet", "--runtime", "tf1", "--epochs", "20",
        "--save-checkpoint", dir.resolve("built/nb").toString());
    assertEquals(0, built.exitCode(), built.err());
    Path meta = dir.resolve("built/nb-0.meta"); // as saver.save(..., global_step=0) wrote it
    Path prefix = dir.resolve("nb");
    Cli imported = Cli.run("run", "--quiet", "--runtime", "tf1", "--epochs", "20",
        "--meta-graph", meta.toString(), "--save-checkpoint", prefix.toString());
    assertEquals(0, imported.exitCode(), imported.err());
    assertEquals(built.out(), imported.out());

    Cli evaluated = Cli.run("evaluate", "--runtime", "tf1", "--meta-graph", prefix + "-20.meta",
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
