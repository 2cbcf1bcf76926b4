package hiddenlayer.bench;

import hiddenlayer.train.StepTensors;
import hiddenlayer.train.StepTensors.Difference;
import hiddenlayer.train.StepTensors.Probe;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bench --tensors-diff A B}: two captures of {@link StepTensors} (the same graph under two
 * settings) compared bit for bit: how many tensors differ per phase, the first to differ, and
 * the op types whose own kernel gave other bits (every float input equal).
 */
public final class TensorCaptures {
  private TensorCaptures() {}

  /** The capture in {@code file}, as {@code bench --tensors} printed it. */
  public static List<Probe> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new TensorCaptureException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      try {
        probes.add(Probe.parse(lines.get(i)));
      } catch (IllegalArgumentException e) {
        throw new TensorCaptureException(file + ": line " + (i + 1)
            + " is not a line of bench --tensors", e);
      }
    }
    return probes;
  }

  /** Prints how {@code b} differs from {@code a}. */
  public static void printDiff(Path a, Path b, PrintWriter out) {
    List<Probe> pa = read(a);
    List<Probe> pb = read(b);
    List<Difference> diff;
    try {
      diff = StepTensors.compare(pa, pb);
    } catch (IllegalArgumentException e) {
      throw new TensorCaptureException(a + " and " + b + ": " + e.getMessage(), e);
    }
    Map<String, int[]> perPhase = new LinkedHashMap<>();
    for (Probe p : pa) {
      perPhase.computeIfAbsent(p.phase(), k -> new int[2])[1]++;
    }
    Map<String, Integer> origins = new TreeMap<>();
    Map<String, Integer> differing = new TreeMap<>();
    for (Difference d : diff) {
      perPhase.get(d.a().phase())[0]++;
      differing.merge(d.a().opType(), 1, Integer::sum);
      if (d.origin()) {
        origins.merge(d.a().opType(), 1, Integer::sum);
      }
    }
    perPhase.forEach((phase, n) -> out.printf("%-6s %d of %d tensors differ%n", phase, n[0],
        n[1]));
    for (String phase : perPhase.keySet()) {
      diff.stream().filter(d -> d.a().phase().equals(phase)).findFirst().ifPresent(
          d -> out.printf("first in %s: %s (%s)%n", phase, d.a().output(), d.a().opType()));
    }
    out.println("op types whose kernel differs (inputs equal): " + origins);
    out.println("op types that differ: " + differing);
    for (Difference d : diff) {
      out.printf("%s\t%s\t%s%s%n", d.a().phase(), d.a().output(), d.a().opType(),
          d.origin() ? "\torigin" : "");
    }
  }
}
