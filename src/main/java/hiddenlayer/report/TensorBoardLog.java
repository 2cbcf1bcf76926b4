package hiddenlayer.report;

import hiddenlayer.train.EvalRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * TensorBoard event files written by TensorFlow's own summary ops ({@code
 * CreateSummaryFileWriter}, {@code WriteScalarSummary}), one scalar per metric and eval epoch:
 * tags {@code loss/train}, {@code loss/valid}, {@code loss/test}, {@code accuracy/train}, ...;
 * and the run's GraphDef ({@code WriteGraphSummary}), as {@code tf.summary.FileWriter(logdir,
 * session.graph)} writes it.
 *
 * <p>The event file is written in a hidden sibling directory and moved into {@code DIR} when the
 * log is closed after a complete run, so {@code DIR} never holds half a run.
 */
public final class TensorBoardLog implements AutoCloseable {
  /** Tags in {@link EvalRecord#metrics()} order. */
  public static final List<String> TAGS = List.of("loss/train", "loss/valid", "loss/test",
      "accuracy/train", "accuracy/valid", "accuracy/test");

  private final Path dir;
  private final Path staging;
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TFloat32> value;
  private final Op write;
  private final Placeholder<TString> graphDef;
  private final Op writeGraph;
  private final Op flush;
  private final Op closeWriter;
  private final Steps steps;
  private boolean committed;

  /**
   * What runs each of the log's TensorFlow steps (create, write, flush, close the writer): by
   * default {@code runner.run()}; a test may throw TensorFlow's own failure from it instead, e.g.
   * the {@code TFResourceExhaustedException} of a full disk.
   */
  @FunctionalInterface
  public interface Steps {
    void run(Session.Runner runner);
  }

  /**
   * Opens the log for {@code dir}. Its session uses {@code sessionConfig}, the run's own options:
   * TensorFlow sizes its process-wide thread pools (threads, spinning) from the first session
   * the process opens, and this one opens before the run's.
   */
  public TensorBoardLog(Path dir, ConfigProto sessionConfig) {
    this(dir, sessionConfig, runner -> runner.run().close());
  }

  /** As above, each TensorFlow step run by {@code steps}. */
  public TensorBoardLog(Path dir, ConfigProto sessionConfig, Steps steps) {
    this.steps = steps;
    this.dir = dir.toAbsolutePath();
    Path parent = this.dir.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      graph.close();
      throw new OutputException(dir, "directory " + parent + " does not exist", null);
    }
    try {
      staging = Files.createTempDirectory(parent, "." + this.dir.getFileName() + ".");
    } catch (IOException e) {
      graph.close();
      throw new OutputException(dir, "cannot write (" + e.getMessage() + ")", e);
    }
    Session opened = null;
    try {
      Ops tf = Ops.create(graph);
      Operand<?> writer = tf.summary.summaryWriter();
      Op create = tf.summary.createSummaryFileWriter(writer, tf.constant(staging.toString()),
          tf.constant(10), tf.constant(60_000), tf.constant(".v2"));
      step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      tag = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      value = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      write = tf.summary.writeScalarSummary(writer, step, tag, value);
      graphDef = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      writeGraph = tf.summary.writeGraphSummary(writer, tf.constant(0L), graphDef);
      flush = tf.summary.flushSummaryWriter(writer);
      closeWriter = tf.summary.closeSummaryWriter(writer);
      opened = new Session(graph, sessionConfig);
      steps.run(opened.runner().addTarget(create));
    } catch (RuntimeException e) {
      if (opened != null) {
        opened.close();
      }
      graph.close();
      deleteStaging();
      throw new OutputException(dir, "cannot create the event file (" + reason(e) + ")", e);
    }
    session = opened;
  }

  /**
   * Writes the graph as {@code tf.summary.FileWriter(logdir, session.graph)} does: an event at
   * step 0 whose {@code graph_def} is the serialized GraphDef (TensorBoard's Graphs tab).
   */
  public void addGraph(GraphDef graph) {
    try (TString g = TString.tensorOfBytes(NdArrays.scalarOfObject(graph.toByteArray()))) {
      write(session.runner().feed(graphDef, g).addTarget(writeGraph));
    }
  }

  /** Appends one eval row: six scalars at step {@code row.epoch()}. */
  public void add(EvalRecord row) {
    double[] metrics = row.metrics();
    try (TInt64 s = TInt64.scalarOf(row.epoch())) {
      for (int i = 0; i < TAGS.size(); i++) {
        try (TString t = TString.scalarOf(TAGS.get(i));
            TFloat32 v = TFloat32.scalarOf((float) metrics[i])) {
          write(session.runner().feed(step, s).feed(tag, t).feed(value, v).addTarget(write));
        }
      }
    }
  }

  /** Flushes and moves the event file into {@code DIR}; without it, close discards the log. */
  public void commit() {
    write(session.runner().addTarget(flush));
    write(session.runner().addTarget(closeWriter));
    try {
      Files.createDirectories(dir);
      try (Stream<Path> files = Files.list(staging)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.move(f, dir.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
      }
    } catch (IOException e) {
      throw new OutputException(dir, "cannot write (" + e.getMessage() + ")", e);
    }
    committed = true;
  }

  @Override
  public void close() {
    try {
      if (!committed) {
        steps.run(session.runner().addTarget(closeWriter));
      }
    } catch (TensorFlowException e) {
      // discarding the log: what it could not write no longer matters
    } finally {
      session.close();
      graph.close();
      deleteStaging();
    }
  }

  /**
   * Runs one step that writes the event file.
   *
   * @throws OutputException naming {@code DIR} when TensorFlow cannot write (a full disk:
   *     {@code TFResourceExhaustedException})
   */
  private void write(Session.Runner runner) {
    try {
      steps.run(runner);
    } catch (TensorFlowException e) {
      throw new OutputException(dir, "cannot write the event file (" + reason(e) + ")", e);
    }
  }

  /**
   * TensorFlow's reason on one line: of its first line ({@code "FILE; No space left on
   * device"}; then come its context, the node and, for RESOURCE_EXHAUSTED, a hint about memory)
   * the part after the file.
   */
  static String reason(RuntimeException e) {
    String message = String.valueOf(e.getMessage()).strip();
    String first = message.lines().findFirst().orElse("").strip();
    int semicolon = first.lastIndexOf("; ");
    return semicolon < 0 ? first : first.substring(semicolon + 2);
  }

  private void deleteStaging() {
    try (Stream<Path> files = Files.list(staging)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(staging);
    } catch (IOException ignored) {
      // a leftover hidden directory is harmless
    }
  }
}
