package hiddenlayer.tf115;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.ChildJvm;
import hiddenlayer.graph.GraphConfig;
import hiddenlayer.graph.Normalization;
import hiddenlayer.graph.NotebookGraph;
import hiddenlayer.tf1.checkpoint.Saver;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.types.TString;

/** TF 1.15.0's runtime in its child JVM, asked what it declares and what it runs. */
@ChildJvm
class Tf115RuntimeTest {
  private static Tf115Runtime runtime;

  @BeforeAll
  static void start() {
    runtime = Tf115Runtime.start();
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  @Test
  void theChildIsTf115() {
    assertEquals("1.15.0", runtime.version());
  }

  /**
   * The GraphDef of each variant, filtered, holds no attribute that TF 1.15's registry (asked of
   * TF 1.15 itself) does not declare for its op, but for TF's internal {@code _} ones, which
   * {@code ValidateNodeDef} lets through; and TF 1.15 imports it. TF 2.18's MatMul carries
   * {@code grad_a} and {@code grad_b}, which TF 1.15 lacks (src/site/markdown/TF1_SEMANTICS.md
   * section 9): gone.
   */
  @Test
  void theGraphHandedToTf115HoldsOnlyAttributesItDeclares() {
    Map<String, Set<String>> declared = new HashMap<>();
    for (OpDef op : runtime.registeredOpList().getOpList()) {
      Set<String> names = new HashSet<>();
      op.getAttrList().forEach(a -> names.add(a.getName()));
      declared.put(op.getName(), names);
    }
    assertFalse(declared.get("MatMul").contains("grad_a"));
    for (Normalization norm : Normalization.values()) {
      try (NotebookGraph g = NotebookGraph.build(GraphConfig.notebook().withNormalization(norm))) {
        GraphDef full = g.graph().toGraphDef();
        GraphDef stripped = Tf115GraphDef.forTf115(full, runtime.registeredOpList(),
            TensorFlow.registeredOpList());
        assertEquals(full.getNodeCount(), stripped.getNodeCount());
        int matMuls = 0;
        for (int i = 0; i < full.getNodeCount(); i++) {
          NodeDef before = full.getNode(i);
          NodeDef after = stripped.getNode(i);
          assertEquals(before.getName(), after.getName());
          assertEquals(before.getInputList(), after.getInputList());
          for (String attr : after.getAttrMap().keySet()) {
            assertTrue(attr.startsWith("_") || declared.get(after.getOp()).contains(attr),
                norm + ": " + after.getName() + " (" + after.getOp() + ") keeps " + attr);
          }
          for (String attr : declared.get(after.getOp())) {
            assertEquals(before.getAttrMap().get(attr), after.getAttrMap().get(attr),
                after.getName() + " " + attr);
          }
          if (before.getOp().equals("MatMul")) {
            matMuls++;
            assertTrue(before.getAttrMap().containsKey("grad_a"), before.getName());
            assertFalse(after.getAttrMap().containsKey("grad_a"), after.getName());
            assertFalse(after.getAttrMap().containsKey("grad_b"), after.getName());
          }
        }
        assertTrue(matMuls >= 8, norm + ": " + matMuls + " MatMuls");
        runtime.session(stripped, ConfigProto.getDefaultInstance()); // TF 1.15 imports it
      }
    }
  }

  /** A string feed (what a Saver's {@code save/Const} takes) goes in and comes back whole. */
  @Test
  void runsTargetsWithAStringFeed() {
    GraphDef def;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      tf.withName("name").identity(tf.withName("filename").placeholder(TString.class));
      def = g.toGraphDef();
    }
    runtime.session(Tf115GraphDef.forTf115(def, runtime.registeredOpList(),
        TensorFlow.registeredOpList()), ConfigProto.getDefaultInstance());
    Tf115Runtime.TensorRef s = runtime.string("ckpt/model-10 \u00e9");
    List<Tf115Runtime.Fetched> r = runtime.run(List.of(new Tf115Runtime.Feed("filename", s)),
        List.of("name:0"), List.of("name"));
    assertEquals("ckpt/model-10 \u00e9", r.get(0).stringValue());
    runtime.free(s);
  }

  @Test
  void aFailedRequestComesBackAsOneLineAndTheChildGoesOn() {
    Tf115Exception e = assertThrows(Tf115Exception.class,
        () -> runtime.run(List.of(), List.of("no_such_op:0"), List.of()));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().contains("no_such_op"), e.getMessage());
    assertEquals("1.15.0", runtime.version());
    runtime.registeredOpList(); // still answering
  }

  @Test
  void theChildExitsWhenItsInputCloses() throws Exception {
    Tf115Runtime r = Tf115Runtime.start();
    assertEquals("1.15.0", r.version());
    ProcessHandle child = r.process().toHandle();
    r.process().getOutputStream().close(); // as when the parent dies
    assertTrue(child.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS).pid() > 0);
    assertFalse(child.isAlive());
    Tf115Exception e = assertThrows(Tf115Exception.class,
        () -> r.run(List.of(), List.of(), List.of()));
    assertTrue(e.getMessage().startsWith("TF 1.15.0's runtime exited with code 0"),
        e.getMessage());
    r.close();
  }

  @Test
  void missingJarsAreOneLineNamingTheFile(@TempDir Path empty) {
    Tf115Exception e = assertThrows(Tf115Exception.class, () -> Tf115Runtime.start(empty));
    assertFalse(e.getMessage().contains("\n"));
    assertTrue(e.getMessage().contains(empty.toAbsolutePath().toString()), e.getMessage());
  }

  /**
   * The jars of {@code target/tf115/} in {@code dir}, {@code truncated} cut to its first half (the
   * natives' to its first MB): the others link to the build's.
   */
  static void jarsWithOneTruncated(Path dir, String truncated) throws java.io.IOException {
    Path built = Tf115Runtime.directory();
    for (String jar : List.of(Tf115Runtime.SERVER_JAR, Tf115Runtime.API_JAR,
        Tf115Runtime.JNI_JAR)) {
      Path from = built.resolve(jar).toAbsolutePath();
      if (!jar.equals(truncated)) {
        java.nio.file.Files.createSymbolicLink(dir.resolve(jar), from);
        continue;
      }
      long keep = Math.min(java.nio.file.Files.size(from) / 2, 1 << 20);
      try (java.io.InputStream in = java.nio.file.Files.newInputStream(from)) {
        java.nio.file.Files.write(dir.resolve(jar), in.readNBytes((int) keep));
      }
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {Tf115Runtime.SERVER_JAR,
      Tf115Runtime.API_JAR, Tf115Runtime.JNI_JAR})
  void aTruncatedJarIsOneLineNamingIt(String jar, @TempDir Path dir) throws Exception {
    jarsWithOneTruncated(dir, jar);
    Tf115Exception e = assertThrows(Tf115Exception.class, () -> Tf115Runtime.start(dir));
    assertEquals(Tf115Exception.Kind.UNREADABLE, e.kind());
    assertEquals(dir.resolve(jar).toAbsolutePath().toString(), e.subject());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().startsWith("TF 1.15.0's runtime jar " + dir.resolve(jar)
        .toAbsolutePath() + " is unreadable"), e.getMessage());
  }

  /**
   * A server jar whose central directory is whole but whose {@code SessionServer} class has one
   * flipped byte in its compressed data: it opens, so the child starts, and its class loader fails
   * (a CRC or inflate error, naming no jar). The parent then names the jar. The entry's data starts
   * after its local header: 30 bytes, the name, the extra field (PKWARE's APPNOTE 4.3.7).
   */
  @Test
  void aJarWithACorruptEntryIsNamedOnceTheChildDies(@TempDir Path dir) throws Exception {
    Path built = Tf115Runtime.directory();
    for (String jar : List.of(Tf115Runtime.API_JAR, Tf115Runtime.JNI_JAR)) {
      java.nio.file.Files.createSymbolicLink(dir.resolve(jar), built.resolve(jar).toAbsolutePath());
    }
    byte[] bytes = java.nio.file.Files.readAllBytes(built.resolve(Tf115Runtime.SERVER_JAR));
    byte[] name = "hiddenlayer/tf115/server/SessionServer.class"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int header = indexOf(bytes, name) - 30;
    java.nio.ByteBuffer le = java.nio.ByteBuffer.wrap(bytes)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    assertEquals(0x04034b50, le.getInt(header)); // a local file header's signature
    int data = header + 30 + (le.getShort(header + 26) & 0xffff) + (le.getShort(header + 28)
        & 0xffff);
    bytes[data + 40] ^= (byte) 0xff;
    java.nio.file.Files.write(dir.resolve(Tf115Runtime.SERVER_JAR), bytes);
    try (Tf115Runtime runtime = Tf115Runtime.start(dir)) {
      Tf115Exception e = assertThrows(Tf115Exception.class, runtime::version);
      assertEquals(Tf115Exception.Kind.UNREADABLE, e.kind());
      assertEquals(dir.resolve(Tf115Runtime.SERVER_JAR).toAbsolutePath().toString(),
          e.subject());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("no entry named " + new String(needle));
  }
}
