package hiddenlayer.tf115.server;

import hiddenlayer.tf115.wire.Tf115Protocol;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.DataType;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.TensorFlow;

/**
 * TF 1.15's own {@code tf.Session} ({@code tf.import_graph_def} into a fresh {@code tf.Graph},
 * then {@code session.run}), served to a parent JVM over stdin and stdout ({@link
 * Tf115Protocol}). Compiled against TF 1.15.0's Java API only, and run with its natives; it knows
 * nothing of the graph it runs. Exits at end of input.
 */
public final class SessionServer {
  private final DataInputStream in;
  private final DataOutputStream out;
  private final Map<Integer, Tensor<?>> tensors = new HashMap<>();
  private Graph graph;
  private Session session;
  private SavedModelBundle bundle;

  private SessionServer(DataInputStream in, DataOutputStream out) {
    this.in = in;
    this.out = out;
  }

  public static void main(String[] args) throws IOException {
    // stdout carries the protocol alone: anything printed goes to stderr.
    DataOutputStream out = new DataOutputStream(
        new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
    SessionServer server = new SessionServer(in, out);
    try {
      server.serve();
    } finally {
      server.closeAll();
    }
    System.exit(0);
  }

  private void serve() throws IOException {
    while (true) {
      int request = in.read();
      if (request < 0) {
        return; // the parent closed the pipe or died
      }
      try {
        handle((byte) request);
      } catch (EOFException e) {
        return;
      } catch (IOException e) {
        throw e;
      } catch (RuntimeException | Error e) {
        reply(Tf115Protocol.ERROR);
        Tf115Protocol.writeString(out, oneLine(e));
        out.flush();
      }
    }
  }

  /** Reads the whole request first, so that a failure leaves the stream at the next request. */
  private void handle(byte request) throws IOException {
    switch (request) {
      case Tf115Protocol.HELLO -> {
        String version = TensorFlow.version();
        byte[] ops = TensorFlow.registeredOpList();
        reply(Tf115Protocol.OK);
        Tf115Protocol.writeString(out, version);
        Tf115Protocol.writeBytes(out, ops);
      }
      case Tf115Protocol.SESSION -> {
        byte[] graphDef = Tf115Protocol.readBytes(in);
        byte[] config = Tf115Protocol.readBytes(in);
        closeSession();
        graph = new Graph();
        graph.importGraphDef(graphDef);
        session = new Session(graph, config);
        reply(Tf115Protocol.OK);
      }
      case Tf115Protocol.TENSOR -> {
        int id = in.readInt();
        Tensor<?> t = tensor(Tf115Protocol.readValue(in));
        Tensor<?> old = tensors.put(id, t);
        if (old != null) {
          old.close();
        }
        reply(Tf115Protocol.OK);
      }
      case Tf115Protocol.FREE -> {
        Tensor<?> t = tensors.remove(in.readInt());
        if (t != null) {
          t.close();
        }
        reply(Tf115Protocol.OK);
      }
      case Tf115Protocol.RUN -> run();
      case Tf115Protocol.SAVED_MODEL -> {
        String dir = Tf115Protocol.readString(in);
        List<String> tags = Tf115Protocol.readStrings(in);
        closeSession();
        bundle = SavedModelBundle.load(dir, tags.toArray(new String[0]));
        graph = bundle.graph();
        session = bundle.session();
        reply(Tf115Protocol.OK);
        Tf115Protocol.writeBytes(out, bundle.metaGraphDef());
      }
      default -> throw new IllegalStateException("unknown request " + request);
    }
    out.flush();
  }

  private void run() throws IOException {
    int nFeeds = in.readInt();
    List<String> feedNames = new ArrayList<>();
    List<Integer> feedIds = new ArrayList<>();
    for (int i = 0; i < nFeeds; i++) {
      feedNames.add(Tf115Protocol.readString(in));
      feedIds.add(in.readInt());
    }
    List<String> fetches = Tf115Protocol.readStrings(in);
    List<String> targets = Tf115Protocol.readStrings(in);
    if (session == null) {
      throw new IllegalStateException("no session: send a graph first");
    }
    Session.Runner runner = session.runner();
    for (int i = 0; i < nFeeds; i++) {
      Tensor<?> t = tensors.get(feedIds.get(i));
      if (t == null) {
        throw new IllegalStateException("no tensor " + feedIds.get(i) + " to feed "
            + feedNames.get(i));
      }
      runner.feed(feedNames.get(i), t);
    }
    fetches.forEach(runner::fetch);
    targets.forEach(runner::addTarget);
    List<Tensor<?>> results = runner.run();
    List<Tf115Protocol.Value> values = new ArrayList<>();
    try {
      for (Tensor<?> r : results) {
        values.add(new Tf115Protocol.Value(code(r.dataType()), r.shape(), bytes(r)));
      }
    } finally {
      results.forEach(Tensor::close);
    }
    reply(Tf115Protocol.OK);
    for (Tf115Protocol.Value v : values) {
      Tf115Protocol.writeValue(out, v);
    }
  }

  private void reply(byte status) throws IOException {
    out.writeByte(status);
  }

  private static Tensor<?> tensor(Tf115Protocol.Value v) {
    long[] shape = v.shape();
    ByteBuffer b = ByteBuffer.wrap(v.data()).order(ByteOrder.LITTLE_ENDIAN);
    return switch (v.dtype()) {
      case Tf115Protocol.DT_FLOAT -> Tensor.create(shape, b.asFloatBuffer());
      case Tf115Protocol.DT_DOUBLE -> Tensor.create(shape, b.asDoubleBuffer());
      case Tf115Protocol.DT_INT32 -> Tensor.create(shape, b.asIntBuffer());
      case Tf115Protocol.DT_INT64 -> Tensor.create(shape, b.asLongBuffer());
      case Tf115Protocol.DT_BOOL -> Tensor.create(Boolean.class, shape, b);
      case Tf115Protocol.DT_STRING -> {
        if (shape.length != 0) {
          throw new IllegalArgumentException("only scalar strings are exchanged");
        }
        yield Tensor.create(v.data(), String.class);
      }
      default -> throw new IllegalArgumentException("unsupported dtype " + v.dtype());
    };
  }

  private static byte[] bytes(Tensor<?> t) {
    if (t.dataType() == DataType.STRING) {
      if (t.numDimensions() != 0) {
        throw new IllegalArgumentException("only scalar strings are exchanged");
      }
      return t.bytesValue();
    }
    ByteBuffer b = ByteBuffer.allocate(t.numBytes()).order(ByteOrder.LITTLE_ENDIAN);
    t.writeTo(b);
    return b.array();
  }

  private static int code(DataType type) {
    return switch (type) {
      case FLOAT -> Tf115Protocol.DT_FLOAT;
      case DOUBLE -> Tf115Protocol.DT_DOUBLE;
      case INT32 -> Tf115Protocol.DT_INT32;
      case INT64 -> Tf115Protocol.DT_INT64;
      case BOOL -> Tf115Protocol.DT_BOOL;
      case STRING -> Tf115Protocol.DT_STRING;
      default -> throw new IllegalArgumentException("unsupported dtype " + type);
    };
  }

  /** The exception's message up to its first line break, or its class when it has none. */
  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getName();
    }
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).strip();
  }

  private void closeSession() {
    if (bundle != null) {
      bundle.close(); // its session and graph
      bundle = null;
      session = null;
      graph = null;
    }
    if (session != null) {
      session.close();
      session = null;
    }
    if (graph != null) {
      graph.close();
      graph = null;
    }
  }

  private void closeAll() {
    tensors.values().forEach(Tensor::close);
    tensors.clear();
    closeSession();
  }
}
