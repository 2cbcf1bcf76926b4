package hiddenlayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages' layering, read from the sources' imports: no import runs upward, and packages of
 * one layer do not import each other. The layers, lowest first, as the packages' {@code
 * package-info.java} describe them: the TF1 library ({@code tf1} and below) and the TF 1.15
 * bridge know nothing of the notebook; {@code graph} builds the notebook from them; {@code
 * train} runs it; {@code report} and {@code bench} turn runs into records; {@code cli} parses and
 * prints.
 */
class LayeringTest {
  private static final Map<String, Integer> LAYER = Map.ofEntries(
      Map.entry("hiddenlayer", 0),
      Map.entry("hiddenlayer.tf115.wire", 0),
      Map.entry("hiddenlayer.data", 1),
      Map.entry("hiddenlayer.tf1", 1),
      Map.entry("hiddenlayer.tf115", 1),
      Map.entry("hiddenlayer.tf115.server", 1),
      Map.entry("hiddenlayer.tf1.gradients", 2),
      Map.entry("hiddenlayer.tf1.train", 3),
      Map.entry("hiddenlayer.tf1.checkpoint", 3),
      Map.entry("hiddenlayer.graph", 4),
      Map.entry("hiddenlayer.tf1.savedmodel", 4),
      Map.entry("hiddenlayer.train", 5),
      Map.entry("hiddenlayer.report", 6),
      Map.entry("hiddenlayer.bench", 7),
      Map.entry("hiddenlayer.cli", 8));

  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  private static final Pattern IMPORT =
      Pattern.compile("(?m)^import (?:static )?(hiddenlayer(?:\\.[a-z0-9]+)*)\\.[A-Z]");

  @Test
  void everyPackageHasALayerAndADocumentThatNamesWhatItMirrors() throws IOException {
    TreeSet<String> packages = new TreeSet<>();
    for (Path f : sources()) {
      packages.add(packageOf(Files.readString(f)));
    }
    assertEquals(new TreeSet<>(LAYER.keySet()), packages);
    for (Path root : List.of(Path.of("src/main/java"), Path.of("src/tf115/java"))) {
      try (Stream<Path> dirs = Files.walk(root)) {
        dirs.filter(Files::isDirectory).filter(LayeringTest::hasJava)
            .forEach(d -> assertTrue(Files.isRegularFile(d.resolve("package-info.java")),
                d + " has no package-info.java"));
      }
    }
  }

  @Test
  void noImportRunsUpwardOrSideways() throws IOException {
    List<String> wrong = new ArrayList<>();
    for (Path f : sources()) {
      String text = Files.readString(f);
      String from = packageOf(text);
      Matcher m = IMPORT.matcher(text);
      while (m.find()) {
        String to = m.group(1);
        if (!to.equals(from) && LAYER.get(to) >= LAYER.get(from)) {
          wrong.add(f + ": " + from + " imports " + to);
        }
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void theWireProtocolIsPureJdkForBothJvms() throws IOException {
    for (Path f : sources()) {
      String text = Files.readString(f);
      if (packageOf(text).equals("hiddenlayer.tf115.wire")) {
        assertTrue(text.lines().filter(l -> l.startsWith("import "))
            .allMatch(l -> l.startsWith("import java.")), f + " imports beyond the JDK");
      }
    }
  }

  private static boolean hasJava(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(p -> p.toString().endsWith(".java"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String packageOf(String text) {
    Matcher m = PACKAGE.matcher(text);
    assertTrue(m.find(), "no package declaration");
    return m.group(1);
  }

  private static List<Path> sources() throws IOException {
    List<Path> all = new ArrayList<>();
    for (Path root : List.of(Path.of("src/main/java"), Path.of("src/tf115/java"))) {
      try (Stream<Path> s = Files.walk(root)) {
        s.filter(p -> p.toString().endsWith(".java")).forEach(all::add);
      }
    }
    return all;
  }
}
