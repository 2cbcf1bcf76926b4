package hiddenlayer.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.NotebookRows;
import hiddenlayer.train.EvalRecord;
import hiddenlayer.train.RunResult;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The four-way report from synthetic runs: no TensorFlow involved. */
class FourWayReportTest {
  @TempDir Path dir;

  /** A run whose test accuracy climbs to {@code top} at {@code best}, then stops at stop. */
  static RunResult run(int best, int stop, double validTop, double top) {
    List<EvalRecord> rows = new ArrayList<>();
    for (int e = 10; e <= stop; e += 10) {
      double f = Math.min(1.0, (double) e / best);
      rows.add(new EvalRecord(e, 1 - f / 2, 1.1 - f / 2, 1.05 - f / 2, 0.5 + f * 0.45,
          validTop * f, top * f));
    }
    return new RunResult(rows, stop, best, validTop, top,
        new RunResult.Timings(10, 5, 1000, 200));
  }

  /** The first run ends on the notebook's final test accuracy, 0.7403. */
  static FourWayReport report() {
    return new FourWayReport(
        new FourWayReport.Run(run(60, 160, 0.8100, NotebookRows.FINAL_TEST_ACCURACY), 4240),
        new FourWayReport.Run(run(90, 190, 0.9300, 0.9187), 6100),
        new FourWayReport.Run(run(120, 220, 0.9200, 0.9112), 7340),
        new FourWayReport.Run(run(70, 170, 0.9000, 0.8954), 3020),
        "at most 1000 epochs, patience 100, seed 2020");
  }

  @Test
  void tableHasOneAlignedRowPerConfigurationWithItsNumbers() {
    String table = report().table();
    List<String> lines = table.lines().toList();
    assertEquals(5, lines.size(), table);
    assertTrue(lines.get(0).startsWith("configuration"), table);
    assertTrue(lines.get(1).matches(
        "BN as run \\(keras\\) +160 +60 +0\\.8100 +0\\.7403 +4\\.2"),
        lines.get(1));
    assertTrue(lines.get(2).matches(
        "BN updates collected +190 +90 +0\\.9300 +0\\.9187 +6\\.1"), lines.get(2));
    assertTrue(lines.get(3).matches("LN +220 +120 +0\\.9200 +0\\.9112 +7\\.3"),
        lines.get(3));
    assertTrue(lines.get(4).matches("none +170 +70 +0\\.9000 +0\\.8954 +3\\.0"),
        lines.get(4));
    // numbers right-aligned: every line ends at the same column as the header's last cell
    Set<Integer> widths = lines.stream().map(String::length).collect(Collectors.toSet());
    assertEquals(1, widths.size(), table);
    assertTrue(lines.get(0).length() < 80, table);
  }

  @Test
  void markdownHasTheTableAndSentencesWithTheMeasuredNumbers() {
    String md = report().markdown();
    assertTrue(md.contains("| configuration | stop epoch | best valid epoch | best valid accuracy"
        + " | final test accuracy | wall time (s) |"), md);
    assertTrue(md.contains(
        "| BN as the notebook ran it (keras: no update ops) | 160 | 60 | 0.8100 | 0.7403 | 4.2 |"),
        md);
    assertTrue(md.contains("| BN with the update ops collected | 190 | 90 | 0.9300 | 0.9187 "
        + "| 6.1 |"), md);
    assertTrue(md.contains("| LN (layer norm) | 220 | 120 | 0.9200 | 0.9112 | 7.3 |"), md);
    assertTrue(md.contains("| no normalisation | 170 | 70 | 0.9000 | 0.8954 | 3.0 |"), md);
    assertTrue(md.contains("at most 1000 epochs, patience 100, seed 2020"), md);

    String s = report().sentences();
    assertTrue(s.contains("tensorflow/tensorflow#19643"), s);
    assertTrue(s.contains("UPDATE_OPS"), s);
    assertTrue(s.contains("stay 0 and 1"), s);
    assertTrue(s.contains("un-normalised pre-activations"), s);
    assertTrue(s.contains("best validation accuracy of 0.8100 at epoch 60 and a final test "
        + "accuracy of 0.7403"), s);
    assertTrue(s.contains("reached 0.9300 at epoch 90 and a final test accuracy of 0.9187, "
        + "17.84 percentage points higher"), s);
    assertTrue(s.contains("Without normalisation the final test accuracy was 0.8954 and with "
        + "layer norm 0.9112"), s);
    assertTrue(s.contains("BN scores below the plain MLP (0.7403 against 0.8954)"), s);
    assertTrue(s.contains("with its updates collected BN scores above it (0.9187 against "
        + "0.8954)"), s);
    assertTrue(md.contains(s), "the sentences are in report.md");
  }

  @Test
  void sentencesFollowTheNumbersNotAScript() {
    // the opposite outcome: collected BN worse than keras and than no normalisation
    FourWayReport r = new FourWayReport(
        new FourWayReport.Run(run(60, 160, 0.9, 0.9000), 1000),
        new FourWayReport.Run(run(60, 160, 0.8, 0.8500), 1000),
        new FourWayReport.Run(run(60, 160, 0.9, 0.9000), 1000),
        new FourWayReport.Run(run(60, 160, 0.9, 0.9000), 1000), "x");
    String s = r.sentences();
    assertTrue(s.contains("0.8500, 5.00 percentage points lower"), s);
    assertTrue(s.contains("as the notebook ran it, BN matches the plain MLP (0.9000 against "
        + "0.9000)"), s);
    assertTrue(s.contains("with its updates collected BN scores below it"), s);
  }

  @Test
  void writeCreatesTheDirectoryWithReportChartAndCsvs() throws Exception {
    Path out = dir.resolve("rep");
    FourWayReport report = report();
    report.write(out);
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(Set.of("report.md", "curves.png", "batch-keras.csv", "batch-collected.csv",
          "layer.csv", "none.csv"),
          files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
    assertEquals(report.markdown(), Files.readString(out.resolve("report.md")));

    byte[] png = Files.readAllBytes(out.resolve("curves.png"));
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
        java.util.Arrays.copyOf(png, 8));
    BufferedImage image = ImageIO.read(out.resolve("curves.png").toFile());
    assertEquals(1200, image.getWidth());
    assertEquals(600, image.getHeight());
    assertTrue(Pngs.coloured(image, 100, 120, 1100, 450) > 3000, "chart is blank");

    for (hiddenlayer.graph.Variant c : FourWayReport.ORDER) {
      RunLog log = CsvLog.read(out.resolve(c.key() + ".csv"));
      assertEquals(report.run(c).result().rows(), log.rows(), c.key());
    }
  }

  @Test
  void writeIntoAnExistingDirectoryReplacesTheFiles() throws Exception {
    Files.writeString(dir.resolve("report.md"), "old");
    report().write(dir);
    assertTrue(Files.readString(dir.resolve("report.md")).startsWith("# Hidden layer"));
  }

  @Test
  void writeWithoutAParentIsAnOutputError() {
    Path file = dir.resolve("a-file");
    assertThrows(OutputException.class, () -> {
      Files.writeString(file, "x");
      report().write(file.resolve("rep"));
    });
  }

}
