package hiddenlayer.graph;

import hiddenlayer.UserFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node listing in {@code graph}'s format ({@code NAME OP [inputs, ^control inputs]}, seeds
 * after random ops), compared outside the {@code gradients/} scope.
 *
 * <p>The gradient subgraph is built by another builder here (TensorFlow's C++ registry) than in
 * TF1 (Python {@code tf.gradients}), so its nodes are left out and an input that names a node
 * under {@code gradients/} compares equal to any other such input: it is shown as {@code
 * gradients/...}.
 */
public final class GraphListing {
  /** The scope the comparison leaves out. */
  public static final String GRADIENTS = "gradients/";

  private static final Pattern LINE =
      Pattern.compile("(\\S+) (\\S+) \\[(.*)\\]( seed=-?\\d+ seed2=-?\\d+)?");
  private static final Pattern GRADIENT_INPUT = Pattern.compile("(\\^?)gradients/[^,\\]]*");

  /** One node outside {@code gradients/}: its name and its line with gradient inputs masked. */
  public record Node(String name, String line) {}

  private final List<Node> nodes;
  private final boolean withGradients;

  private GraphListing(List<Node> nodes, boolean withGradients) {
    this.nodes = nodes;
    this.withGradients = withGradients;
  }

  /** Parses a listing, outside {@code gradients/}; {@code source} names it in error messages. */
  public static GraphListing parse(String text, String source) {
    return parse(text, source, false);
  }

  /**
   * Parses a listing; with {@code withGradients} the {@code gradients/} nodes and inputs too, as
   * they are (for a graph whose gradients TF1's own builder made, {@code --gradients tf1}).
   */
  public static GraphListing parse(String text, String source, boolean withGradients) {
    List<Node> nodes = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1)
          : lines[i];
      if (line.isEmpty()) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new ListingException(source + ":" + (i + 1)
            + ": not a node line 'NAME OP [inputs]': " + abbreviate(line));
      }
      if (withGradients) {
        nodes.add(new Node(m.group(1), line));
        continue;
      }
      if (m.group(1).startsWith(GRADIENTS)) {
        continue;
      }
      nodes.add(new Node(m.group(1), GRADIENT_INPUT.matcher(line).replaceAll("$1gradients/...")));
    }
    return new GraphListing(nodes, withGradients);
  }

  /** Reads a listing file (UTF-8), with its {@code gradients/} nodes if {@code withGradients}. */
  public static GraphListing read(Path file, boolean withGradients) {
    String text = UserFiles.readText(file, ListingException::new);
    return parse(text, file.toString(), withGradients);
  }

  /** The nodes outside {@code gradients/}, in listing order. */
  public List<Node> nodes() {
    return nodes;
  }

  /**
   * How {@code other} compares with this listing: node for node in order (the first position
   * where they differ), and by name (equal, differing, only in one of them).
   */
  public Comparison compare(GraphListing other) {
    Optional<Integer> first = Optional.empty();
    int n = Math.max(nodes.size(), other.nodes.size());
    for (int i = 0; i < n; i++) {
      String a = i < nodes.size() ? nodes.get(i).line() : null;
      String b = i < other.nodes.size() ? other.nodes.get(i).line() : null;
      if (a == null || !a.equals(b)) {
        first = Optional.of(i);
        break;
      }
    }
    Map<String, String> mine = byName(this);
    Map<String, String> theirs = byName(other);
    int equal = 0;
    int differ = 0;
    int onlyMine = 0;
    for (Map.Entry<String, String> e : mine.entrySet()) {
      String t = theirs.get(e.getKey());
      if (t == null) {
        onlyMine++;
      } else if (t.equals(e.getValue())) {
        equal++;
      } else {
        differ++;
      }
    }
    int onlyTheirs = (int) theirs.keySet().stream().filter(k -> !mine.containsKey(k)).count();
    return new Comparison(this, other, first, equal, differ, onlyMine, onlyTheirs);
  }

  private static Map<String, String> byName(GraphListing l) {
    Map<String, String> m = new LinkedHashMap<>();
    l.nodes.forEach(node -> m.put(node.name(), node.line()));
    return m;
  }

  /**
   * The outcome of {@link #compare}: {@code firstDifference} is the 0-based position of the
   * first node that differs (in name, op, inputs or seeds), empty when the listings agree.
   */
  public record Comparison(GraphListing expected, GraphListing actual,
      Optional<Integer> firstDifference, int equal, int differ, int onlyExpected,
      int onlyActual) {

    public boolean same() {
      return firstDifference.isEmpty();
    }

    /** The first differing node as "node N: LINE" of each side, or empty. */
    public Optional<String> describeFirst(String expectedName, String actualName) {
      String where = expected.withGradients ? "" : " (outside " + GRADIENTS + ")";
      return firstDifference.map(i -> "first difference at node " + (i + 1) + where + ":\n  "
          + expectedName + ": " + lineAt(expected, i) + "\n  " + actualName + ": "
          + lineAt(actual, i));
    }

    private static String lineAt(GraphListing l, int i) {
      return i < l.nodes.size() ? l.nodes.get(i).line() : "(no more nodes)";
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
