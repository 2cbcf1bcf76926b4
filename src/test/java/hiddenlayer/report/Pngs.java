package hiddenlayer.report;

import java.awt.image.BufferedImage;

/** What a test can tell about a rendered chart without looking at it. */
final class Pngs {
  private Pngs() {}

  /** Pixels in the rectangle that are neither white nor grey: curves, not just frame or grid. */
  static int coloured(BufferedImage image, int x0, int y0, int x1, int y1) {
    int count = 0;
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40) {
          count++;
        }
      }
    }
    return count;
  }
}
