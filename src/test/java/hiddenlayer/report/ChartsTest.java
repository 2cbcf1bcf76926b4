package hiddenlayer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.train.EvalRecord;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
  @TempDir Path dir;

  @Test
  void curvesArePngOfTheRequestedSizeWithCurvesInBothPanels() throws Exception {
    Path png = dir.resolve("curves.png");
    RunLog java = RunLog.read(Fixtures.path("java-run.csv"));
    RunLog python = RunLog.read(Fixtures.path("python-run.log"));
    Charts.writeCurves(png, "BN, faithful", java, Optional.of(python), 1200, 500);

    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1200, image.getWidth());
    assertEquals(500, image.getHeight());
    // the middle of each panel's plot area: curves and grid lines, not just white
    assertTrue(Pngs.coloured(image, 100, 120, 540, 380) > 2000, "loss panel blank");
    assertTrue(Pngs.coloured(image, 700, 120, 1140, 380) > 2000, "accuracy panel blank");
    assertTrue(Files.list(dir).allMatch(p -> p.equals(png)), "temporary file left behind");
  }

  @Test
  void curvesWithoutPythonDrawTheJavaRunAlone() throws Exception {
    Path png = dir.resolve("java.png");
    Charts.writeCurves(png, "java only", RunLog.of(Fixtures.PYTHON_ROWS), Optional.empty(),
        800, 400);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(800, image.getWidth());
    assertTrue(Pngs.coloured(image, 60, 100, 360, 300) > 1000);
  }

  @Test
  void testAccuracyHasOneLinePerRun() throws Exception {
    Map<String, List<EvalRecord>> runs = new LinkedHashMap<>();
    runs.put("BN faithful", shifted(0.00));
    runs.put("BN fixed", shifted(0.02));
    runs.put("LN", shifted(0.04));
    runs.put("plain", shifted(0.06));
    Path png = dir.resolve("four.png");
    Charts.writeTestAccuracy(png, "test accuracy of four configurations", runs, 900, 500);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(900, image.getWidth());
    assertEquals(500, image.getHeight());
    assertTrue(Pngs.coloured(image, 100, 120, 800, 380) > 3000);
  }

  /** The fixture's rows with the test accuracy raised by {@code by}, one line per run. */
  private static List<EvalRecord> shifted(double by) {
    return Fixtures.PYTHON_ROWS.stream().map(r -> new EvalRecord(r.epoch(), r.trainLoss(),
        r.validLoss(), r.testLoss(), r.trainAccuracy(), r.validAccuracy(),
        r.testAccuracy() + by)).toList();
  }

}
