package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.tf1.checkpoint.BundleFiles;
import hiddenlayer.tf1.checkpoint.CheckpointNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bad checkpoint input: one line on stderr naming the file and what is wrong, exit 1 (2
 * for a usage error), nothing on stdout, no output file written.
 */
class CheckpointBadInputTest {
  @TempDir static Path shared;
  static Path good;
  static Path layerNorm;

  @BeforeAll
  static void saveCheckpointsOfOneEpoch() {
    good = shared.resolve("nb");
    layerNorm = shared.resolve("ln");
    assertEquals(0, Cli.run("run", "--epochs", "1", "--quiet", "--save-checkpoint",
        good.toString()).exitCode());
    assertEquals(0, Cli.run("run", "--norm", "layer", "--epochs", "1", "--quiet",
        "--save-checkpoint", layerNorm.toString()).exitCode());
  }

  /** A copy of the good checkpoint {@code nb-1} under {@code dir/name}. */
  static Path copy(Path dir, String name) throws IOException {
    Path from = Path.of(good + "-1");
    Path to = dir.resolve(name);
    Files.copy(BundleFiles.indexFile(from), BundleFiles.indexFile(to));
    Files.copy(BundleFiles.dataFile(from), BundleFiles.dataFile(to));
    return to;
  }

  /** Exit 1, exactly one line on stderr, equal to {@code expected}, stdout empty. */
  static void assertOneLine(Cli r, String expected) {
    assertEquals(1, r.exitCode(), r.err());
    assertEquals(expected + "\n", r.err());
    assertEquals("", r.out());
  }

  // ---- PREFIX with no .index

  @Test
  void restoreFromAPrefixWithNoIndexFailsBeforeTheRun(@TempDir Path dir) {
    Path p = dir.resolve("none-50");
    Path csv = dir.resolve("run.csv");
    Cli r = Cli.run("run", "--quiet", "--restore-checkpoint", p.toString(), "--csv",
        csv.toString());
    assertOneLine(r, "error: " + p + ": not a checkpoint (" + p + ".index does not exist)");
    assertFalse(Files.exists(csv));
  }

  @Test
  void evaluateOfAPrefixWithNoIndexFails(@TempDir Path dir) {
    Path p = dir.resolve("none");
    assertOneLine(Cli.run("evaluate", p.toString()),
        "error: " + p + ": not a checkpoint (" + p + ".index does not exist)");
  }

  @Test
  void listOfAPrefixWithNoIndexFails(@TempDir Path dir) {
    Path p = dir.resolve("none");
    assertOneLine(Cli.run("checkpoint", "list", p.toString()),
        "error: " + p + ": not a checkpoint (" + p + ".index does not exist)");
  }

  @Test
  void diffWithAPrefixWithNoIndexFails(@TempDir Path dir) {
    Path p = dir.resolve("none");
    assertOneLine(Cli.run("checkpoint", "diff", good + "-0", p.toString()),
        "error: " + p + ": not a checkpoint (" + p + ".index does not exist)");
  }

  @Test
  void indexFileNameInsteadOfThePrefixSaysSo() {
    Path p = Path.of(good + "-1.index");
    assertOneLine(Cli.run("checkpoint", "list", p.toString()), "error: " + p
        + ": not a checkpoint (" + p + ".index does not exist; a checkpoint is named by its "
        + "prefix, without .index or .data-...)");
  }

  @Test
  void prefixWithNoDataFileFails(@TempDir Path dir) throws IOException {
    Path p = copy(dir, "nodata");
    Files.delete(BundleFiles.dataFile(p));
    assertOneLine(Cli.run("evaluate", p.toString()), "error: " + p + ": incomplete checkpoint ("
        + p + ".data-00000-of-00001 does not exist)");
  }

  // ---- a truncated or corrupted .index or .data

  @Test
  void truncatedIndexFails(@TempDir Path dir) throws IOException {
    Path p = copy(dir, "short");
    byte[] index = Files.readAllBytes(BundleFiles.indexFile(p));
    Files.write(BundleFiles.indexFile(p), java.util.Arrays.copyOf(index, index.length / 2));
    assertOneLine(Cli.run("evaluate", p.toString()), "error: " + p
        + ".index: not a valid checkpoint index (not an sstable (bad magic number))");
  }

  @Test
  void corruptedIndexFailsOnItsBlockChecksum(@TempDir Path dir) throws IOException {
    Path p = copy(dir, "flipped");
    flipByte(BundleFiles.indexFile(p), 100); // inside the data block of entries
    assertOneLine(Cli.run("checkpoint", "list", p.toString()), "error: " + p
        + ".index: not a valid checkpoint index (block checksum mismatch)");
  }

  @Test
  void truncatedDataFailsWithTensorFlowsShortRead(@TempDir Path dir) throws IOException {
    Path p = copy(dir, "cut-1");
    try (var ch = Files.newByteChannel(BundleFiles.dataFile(p), StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() / 2);
    }
    Cli r = Cli.run("run", "--quiet", "--restore-checkpoint", p.toString());
    assertOneLine(r, "error: " + p + ".data-00000-of-00001: truncated or corrupted (Read less "
        + "bytes than requested)");
  }

  @Test
  void corruptedDataFailsOnTensorFlowsChecksum(@TempDir Path dir) throws IOException {
    Path p = copy(dir, "bits");
    flipByte(BundleFiles.dataFile(p), 5000); // inside Variable, the first tensor
    Cli r = Cli.run("evaluate", p.toString());
    assertEquals(1, r.exitCode(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: " + p + ".data-00000-of-00001: truncated or corrupted "
        + "(TensorBundle at " + p + " shard 0 (1605632 bytes): Checksum does not match"), r.err());
    assertEquals("", r.out());
  }

  /**
   * An index whose entry for {@code w} (float32) records {@code shape} over {@code values}' bytes
   * (4 each): {@code checkpoint list} names the tensor and the index file, exit 1, one line.
   */
  private static void assertBadShape(Path dir, long[] shape, int values, String what)
      throws IOException {
    Map<String, BundleFiles.Tensor> t = new LinkedHashMap<>();
    t.put("b", BundleFiles.Tensor.floats(new long[] {2}, 0, 0));
    t.put("w", BundleFiles.Tensor.floats(shape, new double[values]));
    Path p = dir.resolve("bad-shape");
    BundleFiles.write(p, t);
    assertOneLine(Cli.run("checkpoint", "list", p.toString()), "error: " + p
        + ".index: not a valid checkpoint index (tensor w has shape "
        + java.util.Arrays.toString(shape) + ", " + what + ")");
  }

  @Test
  void indexWithANegativeDimensionFails(@TempDir Path dir) throws IOException {
    assertBadShape(dir, new long[] {2, -3}, 6, "a negative dimension");
  }

  @Test
  void indexWithMoreElementsThanALongCountsFails(@TempDir Path dir) throws IOException {
    // 2^40 x 2^40 = 2^80 elements
    assertBadShape(dir, new long[] {1L << 40, 1L << 40}, 1,
        "more elements than an int64 counts");
  }

  @Test
  void indexWhoseShapeDisagreesWithTheEntrysByteSizeFails(@TempDir Path dir) throws IOException {
    // 2^40 float32 elements would be 4 x 2^40 bytes; the entry records 4 (one float)
    assertBadShape(dir, new long[] {1L << 40}, 1,
        "1099511627776 float32 elements, but 4 bytes in the data file");
    // [2, 2] is 16 bytes; the entry records 12 (three floats)
    assertBadShape(dir, new long[] {2, 2}, 3, "4 float32 elements, but 12 bytes in the data file");
  }

  // ---- a checkpoint that does not fit the graph

  @Test
  void layerNormCheckpointLacksTheBatchNormVariables() {
    Path p = Path.of(layerNorm + "-1");
    Cli r = Cli.run("evaluate", p.toString());
    assertEquals(1, r.exitCode(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    // every one the batch-norm graph needs and the layer-norm one lacks, in byte order of names
    java.util.TreeSet<String> missing =
        new java.util.TreeSet<>(CheckpointNames.notebook("batch").keySet());
    missing.removeAll(CheckpointNames.notebook("layer").keySet());
    assertEquals(16, missing.size(), missing.toString()); // 2 layers x (4 + 2 x 2 Adam slots)
    assertTrue(r.err().startsWith("error: " + p + ": has no variables "
        + String.join(", ", missing) + ", which the graph needs"), r.err());
  }

  @Test
  void oneMissingVariableIsNamedAlone(@TempDir Path dir) throws IOException {
    Map<String, BundleFiles.Tensor> t = zeros(CheckpointNames.notebook("batch"));
    t.remove("Variable_1");
    Path p = dir.resolve("one-missing");
    BundleFiles.write(p, t);
    Cli r = Cli.run("evaluate", p.toString());
    assertEquals(1, r.exitCode(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: " + p + ": has no variable Variable_1, which the graph "
        + "needs"), r.err());
  }

  @Test
  void variableWithAnotherShapeNamesBothShapes(@TempDir Path dir) throws IOException {
    Map<String, BundleFiles.Tensor> t = zeros(CheckpointNames.notebook("batch"));
    t.put("Variable", BundleFiles.Tensor.floats(new long[] {10, 20}, new double[200]));
    Path p = dir.resolve("shape");
    BundleFiles.write(p, t);
    assertOneLine(Cli.run("run", "--quiet", "--restore-checkpoint", p.toString()), "error: " + p
        + ": variable Variable has shape [10, 20] in the checkpoint but [784, 512] in the graph");
  }

  @Test
  void variableWithAnotherDtypeNamesBothDtypes(@TempDir Path dir) throws IOException {
    Map<String, BundleFiles.Tensor> t = zeros(CheckpointNames.notebook("batch"));
    t.put("Variable_1", new BundleFiles.Tensor(BundleFiles.DT_DOUBLE, new long[] {512},
        new double[512]));
    Path p = dir.resolve("dtype");
    BundleFiles.write(p, t);
    assertOneLine(Cli.run("evaluate", p.toString()), "error: " + p
        + ": variable Variable_1 is float64 in the checkpoint but float32 in the graph");
  }

  // ---- usage errors

  @Test
  void saveCheckpointIntoAMissingDirectoryIsAUsageErrorBeforeTheRun(@TempDir Path dir) {
    Path p = dir.resolve("missing").resolve("nb");
    Cli r = Cli.run("run", "--quiet", "--save-checkpoint", p.toString());
    assertEquals(2, r.exitCode(), r.err());
    assertEquals("error: --save-checkpoint " + p + ": directory " + p.getParent()
        + " does not exist", r.err().lines().findFirst().orElseThrow());
    assertEquals("", r.out()); // no row: the run never started
    assertFalse(Files.exists(p.getParent()));
  }

  @Test
  void saveEveryWithoutSaveCheckpointIsAUsageError() {
    Cli r = Cli.run("run", "--quiet", "--save-every", "10");
    assertEquals(2, r.exitCode(), r.err());
    assertEquals("error: --save-every needs --save-checkpoint PREFIX",
        r.err().lines().findFirst().orElseThrow());
  }

  static Map<String, BundleFiles.Tensor> zeros(Map<String, long[]> shapes) {
    Map<String, BundleFiles.Tensor> t = new LinkedHashMap<>();
    shapes.forEach((name, shape) -> {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      t.put(name, BundleFiles.Tensor.floats(shape, new double[(int) n]));
    });
    return t;
  }

  private static void flipByte(Path file, int offset) throws IOException {
    byte[] b = Files.readAllBytes(file);
    b[offset] ^= 0x5a;
    Files.write(file, b);
  }

  // ---- a .meta that cannot be written

  /**
   * {@code Saver.save} writes {@code PREFIX-0.meta} after the checkpoint; a non-empty directory
   * in its place cannot be replaced: the run fails in one line naming the file, no temporary
   * file left (file_io.py of v1.15.0, lines 537-543).
   */
  @Test
  void aMetaGraphThatCannotBeWrittenFailsTheRunInOneLine(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("nb");
    Files.createDirectories(dir.resolve("nb-0.meta").resolve("x"));
    Cli r = Cli.run("run", "--quiet", "--epochs", "1", "--save-checkpoint", p.toString());
    assertEquals(1, r.exitCode(), r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: " + p + "-0.meta: cannot save the meta graph ("),
        r.err());
    try (var files = Files.list(dir)) {
      assertEquals(List.of("checkpoint", "nb-0.data-00000-of-00001", "nb-0.index", "nb-0.meta"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }
}
