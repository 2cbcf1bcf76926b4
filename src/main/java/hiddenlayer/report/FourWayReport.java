package hiddenlayer.report;

import hiddenlayer.graph.Variant;
import hiddenlayer.train.EvalRecord;
import hiddenlayer.train.RunResult;
import hiddenlayer.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The notebook under four normalisations side by side: batch norm as the notebook ran it
 * (tf.keras, no update ops collected), batch norm with its update ops collected, layer norm,
 * and none. Renders a summary table (text for the terminal, markdown for {@code report.md}),
 * a few sentences whose numbers come from the runs, and writes the files of a report
 * directory. Free of TensorFlow: it only reads {@link RunResult}s.
 */
public final class FourWayReport {

  /** The four variants in report order: the notebook's BN first, no normalisation last. */
  public static final List<Variant> ORDER =
      List.of(Variant.BATCH_KERAS, Variant.BATCH_COLLECTED, Variant.LAYER, Variant.NONE);

  /** The variant's name in {@code report.md} and the chart. */
  public static String label(Variant v) {
    return switch (v) {
      case BATCH_KERAS -> "BN as the notebook ran it (keras: no update ops)";
      case BATCH_COLLECTED -> "BN with the update ops collected";
      case LAYER -> "LN (layer norm)";
      case NONE -> "no normalisation";
    };
  }

  /** The label in the terminal table, which fits 80 columns. */
  public static String shortLabel(Variant v) {
    return switch (v) {
      case BATCH_KERAS -> "BN as run (keras)";
      case BATCH_COLLECTED -> "BN updates collected";
      case LAYER -> "LN";
      case NONE -> "none";
    };
  }

  /** One configuration's finished run and its wall time in milliseconds. */
  public record Run(RunResult result, double wallMs) {
    public Run {
      Objects.requireNonNull(result, "result");
    }
  }

  public static final String MARKDOWN = "report.md";
  public static final String CHART = "curves.png";

  private final Map<Variant, Run> runs;
  /** The same configurations on TF 1.15's runtime, if run. */
  private final Map<Variant, Run> tf1Runs;
  /** Per TF 1.15 run, TF 2.18's rows against its rows (see {@link #runtimes}). */
  private final Map<Variant, Comparison> tf1Comparisons = new LinkedHashMap<>();
  private final String settings;

  /**
   * @param settings one line naming what the four runs share (epochs, patience, seed, ...)
   */
  public FourWayReport(Run bnKeras, Run bnCollected, Run layer, Run none, String settings) {
    this(byConfig(bnKeras, bnCollected, layer, none), settings);
  }

  private static Map<Variant, Run> byConfig(Run bnKeras, Run bnCollected, Run layer, Run none) {
    Map<Variant, Run> runs = new java.util.EnumMap<>(Variant.class);
    runs.put(Variant.BATCH_KERAS, bnKeras);
    runs.put(Variant.BATCH_COLLECTED, bnCollected);
    runs.put(Variant.LAYER, layer);
    runs.put(Variant.NONE, none);
    return runs;
  }

  /**
   * @param runs the run of every configuration
   * @param settings one line naming what the four runs share (epochs, patience, seed, ...)
   */
  public FourWayReport(Map<Variant, Run> runs, String settings) {
    this(inReportOrder(runs), Map.of(), settings);
  }

  private FourWayReport(Map<Variant, Run> runs, Map<Variant, Run> tf1Runs, String settings) {
    this.runs = runs;
    this.tf1Runs = tf1Runs;
    this.settings = Objects.requireNonNull(settings, "settings");
    tf1Runs.forEach((c, t) -> tf1Comparisons.put(c,
        Comparison.of(RunLog.of(runs.get(c).result().rows()), RunLog.of(t.result().rows()), 0)));
  }

  /** The report of the grid's runs, on both runtimes. */
  public static FourWayReport of(ConfigurationGrid.Runs runs, String settings) {
    return new FourWayReport(runs.tf2(), settings).withTf1(runs.tf1());
  }

  /**
   * The settings line of {@code report.md} for runs of {@code c}: {@code lr} as the user gave
   * it, {@code data} empty for the bundled MNIST.
   */
  public static String settings(TrainConfig c, double lr, Optional<Path> data) {
    return String.format(Locale.ROOT, "at most %d epochs, evaluation every %d, patience %d, "
            + "Adam lr %s, seed %d, data %s, threads %s, device %s",
        c.epochs(), c.evalEvery(), c.patience(), lr, c.graph().seed(),
        data.map(Path::toString).orElse("bundled"),
        c.threads() == 0 ? "TensorFlow's choice" : String.valueOf(c.threads()),
        c.gpu() ? "gpu" : "cpu");
  }

  /** Every configuration's run, in report order. */
  private static Map<Variant, Run> inReportOrder(Map<Variant, Run> runs) {
    Map<Variant, Run> ordered = new LinkedHashMap<>();
    for (Variant c : ORDER) {
      ordered.put(c, Objects.requireNonNull(runs.get(c), "run"));
    }
    return ordered;
  }

  /**
   * This report with the four configurations also run on TF 1.15.0's runtime ({@code tf1Runs}
   * holds every configuration): a second table and the cells where TF 1.15 (Eigen) and TF 2.18
   * (oneDNN) print differently.
   */
  public FourWayReport withTf1(Map<Variant, Run> tf1Runs) {
    return new FourWayReport(runs, inReportOrder(tf1Runs), settings);
  }

  public Run run(Variant config) {
    return runs.get(config);
  }

  /** The run of {@code config} on TF 1.15's runtime, if the report has one. */
  public java.util.Optional<Run> tf1Run(Variant config) {
    return java.util.Optional.ofNullable(tf1Runs.get(config));
  }

  /**
   * TF 2.18's rows (expected) against TF 1.15's (actual) of {@code config}, at the printed four
   * decimals with no tolerance; empty without TF 1.15 runs.
   */
  public java.util.Optional<Comparison> runtimes(Variant config) {
    return java.util.Optional.ofNullable(tf1Comparisons.get(config));
  }

  private static final String[] HEADER = {"configuration", "stop epoch", "best valid epoch",
      "best valid accuracy", "final test accuracy", "wall time (s)"};

  private static final String[] SHORT_HEADER = {"configuration", "stop", "best epoch",
      "best valid", "final test", "wall s"};

  /** The column over the TF 1.15 runs' rows: {@link #differingSummary}. */
  private static final String DIFFERING = "cells unlike TF 2.18";

  /**
   * The table rows of {@code runs}; when {@code differing} is not empty, one more cell per row:
   * the {@link #differingSummary} of the run's configuration.
   */
  private static List<String[]> cells(Map<Variant, Run> runs, boolean shortLabels,
      Map<Variant, Comparison> differing) {
    List<String[]> rows = new ArrayList<>();
    for (Map.Entry<Variant, Run> e : runs.entrySet()) {
      RunResult r = e.getValue().result();
      List<String> row = new ArrayList<>(List.of(
          shortLabels ? shortLabel(e.getKey()) : label(e.getKey()),
          String.valueOf(r.stopEpoch()), String.valueOf(r.bestEpoch()),
          acc(r.bestValidAccuracy()), acc(r.finalTestAccuracy()),
          seconds(e.getValue().wallMs())));
      if (!differing.isEmpty()) {
        row.add(differingSummary(differing.get(e.getKey())));
      }
      rows.add(row.toArray(String[]::new));
    }
    return rows;
  }

  /** {@code header} plus one column. */
  private static String[] with(String[] header, String column) {
    String[] h = java.util.Arrays.copyOf(header, header.length + 1);
    h[header.length] = column;
    return h;
  }

  /**
   * The summary as an aligned text table for the terminal (short labels, under 80 columns):
   * configuration left, numbers right; accuracies at the notebook's four decimals.
   */
  public String table() {
    return table(SHORT_HEADER, cells(runs, true, Map.of()));
  }

  /**
   * The same table for the TF 1.15 runs, with per configuration the count of printed cells that
   * differ from TF 2.18's (and the epochs only one of them printed); empty without TF 1.15 runs.
   */
  public String tf1Table() {
    if (tf1Runs.isEmpty()) {
      return "";
    }
    String[] header = with(SHORT_HEADER, DIFFERING);
    header[0] = "on TF 1.15 (Eigen)";
    return table(header, cells(tf1Runs, true, tf1Comparisons));
  }

  /** {@code 3 of 96}, plus {@code ; epochs 170, 180 on one side} when the stops differ. */
  private static String differingSummary(Comparison c) {
    long total = c.cells().size();
    String s = (total - c.cellsEqual()) + " of " + total;
    List<Integer> alone = new ArrayList<>(c.epochsOnlyInExpected());
    alone.addAll(c.epochsOnlyInActual());
    if (!alone.isEmpty()) {
      s += " (+" + alone.size() + " rows on one side)";
    }
    return s;
  }

  private static String table(String[] header, List<String[]> rows) {
    int[] width = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      width[c] = header[c].length();
      for (String[] row : rows) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(textLine(header, width));
    for (String[] row : rows) {
      out.append(textLine(row, width));
    }
    return out.toString();
  }

  private static String textLine(String[] cells, int[] width) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-" + width[0] + "s",
        cells[0]));
    for (int c = 1; c < cells.length; c++) {
      b.append(String.format(Locale.ROOT, "  %" + width[c] + "s", cells[c]));
    }
    return b.toString().stripTrailing() + "\n";
  }

  /** The whole of {@code report.md}. */
  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Hidden layer stabilization: four configurations\n\n");
    md.append("Settings shared by all four runs: ").append(settings).append(".\n\n");
    md.append(markdownTable(HEADER, cells(runs, false, Map.of())));
    md.append("\nWall time is per run, data loading, graph building and training included, "
        + "the one-off native library load excluded. The final test accuracy is the test "
        + "accuracy at the best validation epoch, as the notebook prints it last.\n\n");
    md.append("## What the two BN rows mean\n\n");
    md.append(sentences()).append("\n\n");
    md.append("![test accuracy of the four configurations](" + CHART + ")\n\n");
    if (!tf1Runs.isEmpty()) {
      md.append(tf1Markdown());
    }
    md.append("Eval rows of each run (full precision): ");
    List<String> links = new ArrayList<>();
    for (Variant c : runs.keySet()) {
      links.add("[" + c.key() + ".csv](" + c.key() + ".csv)");
    }
    for (Variant c : tf1Runs.keySet()) {
      links.add("[" + tf1Key(c) + ".csv](" + tf1Key(c) + ".csv)");
    }
    md.append(String.join(", ", links)).append(".\n");
    return md.toString();
  }

  /** The CSV stem of a TF 1.15 run: {@code batch-keras-tf1}. */
  static String tf1Key(Variant c) {
    return c.key() + "-tf1";
  }

  /**
   * The TF 1.15 section of {@code report.md}: its table, then per configuration every printed
   * cell where TF 1.15 (Eigen) and TF 2.18 (oneDNN) differ.
   */
  private String tf1Markdown() {
    StringBuilder md = new StringBuilder();
    md.append("## TF 1.15 (Eigen) against TF 2.18 (oneDNN)\n\n");
    md.append("The same four configurations on TensorFlow 1.15.0's own runtime (the notebook's "
        + "TensorFlow; its CPU kernels are Eigen's), against TensorFlow Java 1.1.0's TF 2.18 "
        + "(oneDNN), same graph, same split, same initial weights.\n\n");
    md.append(markdownTable(with(HEADER, DIFFERING), cells(tf1Runs, false, tf1Comparisons)));
    md.append("\n");
    for (Map.Entry<Variant, Comparison> e : tf1Comparisons.entrySet()) {
      Variant c = e.getKey();
      Comparison cmp = e.getValue();
      List<Comparison.Cell> differ = cmp.cells().stream().filter(x -> !x.equal()).toList();
      md.append("**").append(label(c)).append("**: ");
      if (differ.isEmpty()) {
        md.append("every printed cell equal");
      } else {
        List<String> items = new ArrayList<>();
        for (Comparison.Cell x : differ) {
          items.add("epoch " + x.epoch() + " " + x.column() + " "
              + PythonFormat.fixed4(x.expected()) + " (TF 2.18) / "
              + PythonFormat.fixed4(x.actual()) + " (TF 1.15)");
        }
        md.append(differ.size()).append(" of ").append(cmp.cells().size())
            .append(" cells differ: ").append(String.join("; ", items));
      }
      List<Integer> tf2Only = cmp.epochsOnlyInExpected();
      List<Integer> tf1Only = cmp.epochsOnlyInActual();
      if (!tf2Only.isEmpty()) {
        md.append("; rows only on TF 2.18: epochs ").append(join(tf2Only));
      }
      if (!tf1Only.isEmpty()) {
        md.append("; rows only on TF 1.15: epochs ").append(join(tf1Only));
      }
      RunResult a = runs.get(c).result();
      RunResult b = tf1Runs.get(c).result();
      md.append(". Final test accuracy ").append(acc(a.finalTestAccuracy())).append(" (TF 2.18) / ")
          .append(acc(b.finalTestAccuracy())).append(" (TF 1.15).\n\n");
    }
    return md.toString();
  }

  /** A markdown table: the first column left-aligned, the others right-aligned. */
  private static String markdownTable(String[] header, List<String[]> rows) {
    StringBuilder md = new StringBuilder();
    md.append("| ").append(String.join(" | ", header)).append(" |\n");
    md.append("|---").append("|---:".repeat(header.length - 1)).append("|\n");
    for (String[] row : rows) {
      md.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    return md.toString();
  }

  private static String join(List<Integer> epochs) {
    return String.join(", ", epochs.stream().map(String::valueOf).toList());
  }

  /**
   * The plain sentences on the two BN rows, every number taken from the runs: what the
   * tf.keras update-op pitfall did to the notebook's evaluations and what its conclusion that
   * BN hurts rests on.
   */
  public String sentences() {
    RunResult keras = runs.get(Variant.BATCH_KERAS).result();
    RunResult collected = runs.get(Variant.BATCH_COLLECTED).result();
    RunResult layer = runs.get(Variant.LAYER).result();
    RunResult none = runs.get(Variant.NONE).result();
    double kerasTest = keras.finalTestAccuracy();
    double collectedTest = collected.finalTestAccuracy();
    double noneTest = none.finalTestAccuracy();
    StringBuilder s = new StringBuilder();
    s.append("The notebook's graph uses `tf.keras.layers.BatchNormalization`, which in TF1 "
        + "graph mode builds its moving mean/variance update ops but never registers them in "
        + "`UPDATE_OPS` (tensorflow/tensorflow#19643), so the notebook's `extra_ops` is empty, "
        + "the moving mean and variance stay 0 and 1 for the whole run, and every "
        + "`training=False` evaluation (every number the notebook prints) runs the hidden "
        + "layers on un-normalised pre-activations. ");
    s.append("Run that way here, BN reached a best validation accuracy of ")
        .append(acc(keras.bestValidAccuracy())).append(" at epoch ").append(keras.bestEpoch())
        .append(" and a final test accuracy of ").append(acc(kerasTest)).append("; ");
    s.append("the same graph with the update ops collected reached ")
        .append(acc(collected.bestValidAccuracy())).append(" at epoch ")
        .append(collected.bestEpoch()).append(" and a final test accuracy of ")
        .append(acc(collectedTest)).append(", ").append(difference(collectedTest, kerasTest))
        .append(". ");
    s.append("Without normalisation the final test accuracy was ").append(acc(noneTest))
        .append(" and with layer norm ").append(acc(layer.finalTestAccuracy())).append(". ");
    s.append("The notebook's conclusion that BN hurts this MLP rests on the moving statistics "
        + "that never moved: as the notebook ran it, BN ")
        .append(versus(kerasTest, noneTest)).append(" the plain MLP (")
        .append(acc(kerasTest)).append(" against ").append(acc(noneTest))
        .append("), while with its updates collected BN ")
        .append(versus(collectedTest, noneTest)).append(" it (").append(acc(collectedTest))
        .append(" against ").append(acc(noneTest)).append(").");
    return s.toString();
  }

  /** {@code a} against {@code b} in percentage points, as words. */
  private static String difference(double a, double b) {
    double points = Math.round((a - b) * 1e4) / 1e2; // at the printed 4 decimals
    if (points == 0) {
      return "the same final test accuracy";
    }
    return String.format(Locale.ROOT, "%.2f percentage points %s", Math.abs(points),
        points > 0 ? "higher" : "lower");
  }

  private static String versus(double a, double b) {
    double points = Math.round((a - b) * 1e4);
    return points > 0 ? "scores above" : points < 0 ? "scores below" : "matches";
  }

  /** The test accuracy of each run over the eval epochs, in report order. */
  public Map<String, List<EvalRecord>> curves() {
    Map<String, List<EvalRecord>> curves = new LinkedHashMap<>();
    runs.forEach((c, r) -> curves.put(label(c), r.result().rows()));
    return curves;
  }

  /**
   * Writes {@code report.md}, {@code curves.png} and one CSV per configuration into
   * {@code dir}, which is created if missing (its parent must exist). Each file appears whole.
   *
   * @throws OutputException if the directory cannot be created or a file written
   */
  public void write(Path dir) {
    Path absolute = dir.toAbsolutePath();
    try {
      Files.createDirectories(absolute);
    } catch (IOException e) {
      throw new OutputException(dir + ": cannot create directory (" + e.getMessage() + ")", e);
    }
    for (Map.Entry<Variant, Run> e : runs.entrySet()) {
      CsvLog.write(absolute.resolve(e.getKey().key() + ".csv"), e.getValue().result().rows());
    }
    for (Map.Entry<Variant, Run> e : tf1Runs.entrySet()) {
      CsvLog.write(absolute.resolve(tf1Key(e.getKey()) + ".csv"), e.getValue().result().rows());
    }
    Charts.writeTestAccuracy(absolute.resolve(CHART),
        "test accuracy (training=False) of the four configurations", curves(), 1200, 600);
    OutputFiles.writeString(absolute.resolve(MARKDOWN), markdown());
  }

  private static String acc(double v) {
    return PythonFormat.fixed4(v);
  }

  private static String seconds(double ms) {
    return String.format(Locale.ROOT, "%.1f", ms / 1000);
  }
}
