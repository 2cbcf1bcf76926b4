package hiddenlayer.report;

import hiddenlayer.train.EvalRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of the eval rows, drawn with XChart off screen (headless).
 *
 * <p>Colours name the split (train, valid, test), line style the side: Java wide and pale,
 * Python dashed on top, so a faithful port shows each dashed line running inside its twin.
 */
public final class Charts {
  static {
    // Rendering needs no display; set it before AWT is first touched (a no-op afterwards).
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private static final Color[] SPLIT_COLORS = {
    new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44)
  };
  private static final Color[] RUN_COLORS = {
    new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
    new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
    new Color(227, 119, 194), new Color(127, 127, 127)
  };
  private static final String[] SPLITS = {"train", "valid", "test"};
  private static final BasicStroke SOLID = new BasicStroke(2f);
  private static final BasicStroke DASHED = new BasicStroke(
      2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f);
  private static final BasicStroke WIDE = new BasicStroke(6f);
  private static final int TITLE_HEIGHT = 52;

  private Charts() {}

  /**
   * Loss (left) and accuracy (right) against epoch for train, valid and test, under one
   * title; the Python curves dashed on top of the Java ones, if given.
   *
   * @param title shown on top, typically the run's configuration
   */
  public static void writeCurves(Path png, String title, RunLog java, Optional<RunLog> python,
      int width, int height) {
    String subtitle = python.isPresent() ? "wide pale lines: Java      dashed lines: Python" : "";
    int panelHeight = height - TITLE_HEIGHT;
    XYChart loss = panel("loss", "loss", width / 2, panelHeight);
    XYChart accuracy = panel("accuracy", "accuracy", width - width / 2, panelHeight);
    for (int s = 0; s < 3; s++) {
      // Java wide and pale, Python thin and dashed on top: where they agree, the dashes run
      // inside the pale band; where they part, both are plain to see.
      Color color = SPLIT_COLORS[s];
      Color pale = python.isPresent() ? pale(color) : color;
      BasicStroke stroke = python.isPresent() ? WIDE : SOLID;
      addSplit(loss, accuracy, s, java.rows(), pale, stroke, true);
      if (python.isPresent()) {
        addSplit(loss, accuracy, s, python.get().rows(), color, DASHED, false);
      }
    }
    BufferedImage image = canvas(width, height, title, subtitle);
    Graphics2D g = image.createGraphics();
    g.translate(0, TITLE_HEIGHT);
    loss.paint(g, width / 2, panelHeight);
    g.translate(width / 2, 0);
    accuracy.paint(g, width - width / 2, panelHeight);
    g.dispose();
    writePng(png, image);
  }

  /** Test accuracy against epoch, one line per run (e.g. the four configurations). */
  public static void writeTestAccuracy(Path png, String title, Map<String, List<EvalRecord>> runs,
      int width, int height) {
    XYChart chart = panel("test accuracy", "test accuracy", width, height - TITLE_HEIGHT);
    int i = 0;
    for (Map.Entry<String, List<EvalRecord>> run : runs.entrySet()) {
      XYSeries series = series(chart, run.getKey(), run.getValue(), EvalRecord::testAccuracy);
      style(series, RUN_COLORS[i++ % RUN_COLORS.length], SOLID);
    }
    BufferedImage image = canvas(width, height, title, "");
    Graphics2D g = image.createGraphics();
    g.translate(0, TITLE_HEIGHT);
    chart.paint(g, width, height - TITLE_HEIGHT);
    g.dispose();
    writePng(png, image);
  }

  private static void addSplit(XYChart loss, XYChart accuracy, int split, List<EvalRecord> rows,
      Color color, BasicStroke stroke, boolean inLegend) {
    if (rows.isEmpty()) {
      return;
    }
    String name = SPLITS[split] + (inLegend ? "" : " (Python)");
    ToDoubleFunction<EvalRecord> lossOf = r -> r.metrics()[split];
    ToDoubleFunction<EvalRecord> accuracyOf = r -> r.metrics()[split + 3];
    for (XYSeries series : List.of(series(loss, name, rows, lossOf),
        series(accuracy, name, rows, accuracyOf))) {
      style(series, color, stroke);
      series.setShowInLegend(inLegend);
    }
  }

  /** The colour mixed with white; opaque, so overlapping segment joints do not darken. */
  private static Color pale(Color color) {
    return new Color(mix(color.getRed()), mix(color.getGreen()), mix(color.getBlue()));
  }

  private static int mix(int channel) {
    return (int) Math.round(channel * 0.4 + 255 * 0.6);
  }

  private static XYSeries series(XYChart chart, String name, List<EvalRecord> rows,
      ToDoubleFunction<EvalRecord> metric) {
    double[] x = new double[rows.size()];
    double[] y = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      x[i] = rows.get(i).epoch();
      double v = metric.applyAsDouble(rows.get(i));
      y[i] = Double.isFinite(v) ? v : Double.NaN; // a gap, not an axis stretched to infinity
    }
    return chart.addSeries(name, x, y);
  }

  private static void style(XYSeries series, Color color, BasicStroke stroke) {
    series.setMarker(SeriesMarkers.NONE);
    series.setLineColor(color);
    series.setLineStyle(stroke);
  }

  private static XYChart panel(String title, String yAxis, int width, int height) {
    XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
        .xAxisTitle("epoch").yAxisTitle(yAxis).build();
    chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(LegendLayout.Horizontal);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
    chart.getStyler().setLegendBorderColor(Color.LIGHT_GRAY);
    chart.getStyler().setLegendSeriesLineLength(28);
    chart.getStyler().setXAxisDecimalPattern("#");
    chart.getStyler().setYAxisDecimalPattern("0.00");
    chart.getStyler().setAntiAlias(true);
    return chart;
  }

  private static BufferedImage canvas(int width, int height, String title, String subtitle) {
    if (width < 300 || height < 200) {
      throw new IllegalArgumentException("chart too small: " + width + "x" + height);
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    centered(g, title, Font.BOLD, 16, width, 24);
    g.setColor(Color.DARK_GRAY);
    centered(g, subtitle, Font.PLAIN, 13, width, 44);
    g.dispose();
    return image;
  }

  /** Draws one line of text centred, shrinking the font (down to 9 pt) until it fits. */
  private static void centered(Graphics2D g, String text, int style, int size, int width,
      int baseline) {
    FontMetrics fm;
    do {
      g.setFont(new Font(Font.SANS_SERIF, style, size--));
      fm = g.getFontMetrics();
    } while (fm.stringWidth(text) > width - 8 && size >= 9);
    g.drawString(text, Math.max(4, (width - fm.stringWidth(text)) / 2), baseline);
  }

  private static void writePng(Path png, BufferedImage image) {
    OutputFiles.write(png, out -> {
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("no PNG writer available");
      }
    });
  }
}
