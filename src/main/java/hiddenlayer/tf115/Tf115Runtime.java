package hiddenlayer.tf115;

import com.google.protobuf.InvalidProtocolBufferException;
import hiddenlayer.tf115.wire.Tf115Protocol;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.OpList;

/**
 * TensorFlow 1.15.0's own runtime, {@code tf.Session} with TF 1.15's kernels (Eigen), in a child
 * JVM that runs {@code org.tensorflow:libtensorflow:1.15.0} and its natives. Its classes carry
 * the same names as TensorFlow Java 1.1.0's, so they never share this JVM's class path. Requests
 * go over the child's stdin ({@link Tf115Protocol}); TF's own log lines on its stderr are passed
 * on to this JVM's; it exits when this JVM closes the pipe or dies.
 *
 * <p>The jars sit in a {@code tf115/} directory beside the project's jar (or its classes
 * directory), put there by the build. The natives (the Linux, macOS and Windows builds in one
 * 141 MB jar) are unpacked once, for this platform, into a cache directory, so that each start
 * loads them instead of unpacking 190 MB.
 */
public final class Tf115Runtime implements AutoCloseable {
  public static final String VERSION = "1.15.0";
  static final String API_JAR = "libtensorflow-" + VERSION + ".jar";
  static final String JNI_JAR = "libtensorflow_jni-" + VERSION + ".jar";
  static final String SERVER_JAR = "hidden-layer-stabilization-tf115.jar";
  static final String SERVER_CLASS = "hiddenlayer.tf115.server.SessionServer";
  /** Overrides where the jars are looked for. */
  public static final String DIRECTORY_PROPERTY = "hiddenlayer.tf115.dir";
  /** Overrides where the natives are unpacked. */
  public static final String CACHE_PROPERTY = "hiddenlayer.tf115.cache";
  private static final int STDERR_LINES = 8;
  /** TF's C++ log prefix: {@code 2019-10-22 17:16:00.123456: I tensorflow/...}. */
  private static final java.util.regex.Pattern TF_LOG_LINE = java.util.regex.Pattern.compile(
      "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+: [IWEF] ");

  private final Process process;
  /** The child's class path (server, API): read whole only when the child dies (see died). */
  private final List<Path> classPathJars;
  private final DataOutputStream out;
  private final DataInputStream in;
  private final Deque<String> lastErrLines = new ArrayDeque<>();
  private final Thread errPump;
  private int nextTensorId = 1;
  private String version;
  private OpList opList;

  /** A tensor the child keeps, to feed by reference. */
  public record TensorRef(int id) {}

  /** A fetched value: its dtype ({@link Tf115Protocol}'s codes), shape and bytes. */
  public record Fetched(int dtype, long[] shape, byte[] data) {
    Fetched(Tf115Protocol.Value v) {
      this(v.dtype(), v.shape(), v.data());
    }

    public float floatValue() {
      require(Tf115Protocol.DT_FLOAT, 4);
      return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getFloat();
    }

    public double doubleValue() {
      require(Tf115Protocol.DT_DOUBLE, 8);
      return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getDouble();
    }

    public String stringValue() {
      require(Tf115Protocol.DT_STRING, data.length);
      return new String(data, StandardCharsets.UTF_8);
    }

    private void require(int type, int bytes) {
      if (dtype != type || shape.length != 0 || data.length != bytes) {
        throw new IllegalStateException("expected a scalar of dtype " + type + ", got dtype "
            + dtype + " shape " + java.util.Arrays.toString(shape));
      }
    }
  }

  /** A feed: the tensor {@code ref} for {@code name[:index]}. */
  public record Feed(String name, TensorRef ref) {}

  private Tf115Runtime(Process process, List<Path> classPathJars) {
    this.process = process;
    this.classPathJars = classPathJars;
    this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
    this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    this.errPump = new Thread(this::pumpStderr, "tf115-stderr");
    errPump.setDaemon(true);
    errPump.start();
  }

  /**
   * Starts the child JVM with the jars of {@link #directory()}; returns at once (the child loads
   * TF 1.15 meanwhile).
   *
   * @throws Tf115Exception if a jar is missing or the JVM cannot start
   */
  public static Tf115Runtime start() {
    return start(directory());
  }

  /** As {@link #start()}, with the jars of {@code dir}. */
  public static Tf115Runtime start(Path dir) {
    Path api = dir.resolve(API_JAR);
    Path jni = dir.resolve(JNI_JAR);
    Path server = dir.resolve(SERVER_JAR);
    for (Path p : List.of(server, api, jni)) {
      if (!Files.isRegularFile(p)) {
        throw Tf115Exception.missing(p);
      }
    }
    for (Path p : List.of(server, api, jni)) {
      checkOpens(p);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(javaLauncher().toString());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    String classPath = server + java.io.File.pathSeparator + api;
    Path natives = Tf115Natives.unpacked(jni);
    if (natives != null) {
      cmd.add("-Djava.library.path=" + natives);
    } else {
      classPath += java.io.File.pathSeparator + jni; // TF 1.15 unpacks them itself, each start
    }
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(SERVER_CLASS);
    try {
      return new Tf115Runtime(new ProcessBuilder(cmd).start(), List.of(server, api));
    } catch (IOException e) {
      throw Tf115Exception.cannotStart(cmd.get(0), e);
    }
  }

  /**
   * Whether {@code jar} opens as a zip (a truncated jar has no central directory), checked before
   * every start: about a millisecond. The child's class loader would otherwise fail on it with a
   * message that names no jar.
   */
  static void checkOpens(Path jar) {
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
      // opening reads the central directory
    } catch (IOException | RuntimeException e) {
      throw Tf115Exception.unreadable(jar, e);
    }
  }

  /**
   * Why {@code jar} is unreadable if one of its entries does not inflate to its CRC, else null.
   * Reading the API jar whole takes 50 to 80 ms, so it is done only once the child has died (the
   * natives' 141 MB jar is checked entry by entry when it is unpacked).
   */
  static Tf115Exception corruptEntry(Path jar) {
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
      byte[] buffer = new byte[1 << 16];
      for (java.util.Enumeration<? extends java.util.zip.ZipEntry> e = zip.entries();
          e.hasMoreElements(); ) {
        try (java.io.InputStream in = zip.getInputStream(e.nextElement())) {
          while (in.read(buffer) >= 0) {
            // inflating checks the entry's CRC at its end
          }
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return Tf115Exception.unreadable(jar, e);
    }
  }

  /** This JVM's own {@code java} launcher ({@code java.home/bin/java}), to start another JVM. */
  public static Path javaLauncher() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /**
   * Where the jars are: {@code -Dhiddenlayer.tf115.dir}, else {@code tf115/} beside the jar or
   * classes directory this class was loaded from ({@code target/}).
   */
  public static Path directory() {
    String override = System.getProperty(DIRECTORY_PROPERTY);
    if (override != null) {
      return Path.of(override);
    }
    try {
      Path self = Path.of(Tf115Runtime.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
      Path parent = self.toAbsolutePath().getParent();
      return (parent == null ? self : parent).resolve("tf115");
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("tf115");
    }
  }

  /** The child JVM. */
  Process process() {
    return process;
  }

  /** {@code tf.__version__} of the child. */
  public String version() {
    hello();
    return version;
  }

  /** Every op TF 1.15 registers, with its attributes. */
  public OpList registeredOpList() {
    hello();
    return opList;
  }

  private void hello() {
    if (version != null) {
      return;
    }
    String what = "starting TF " + VERSION;
    byte[] ops = request(what, () -> out.writeByte(Tf115Protocol.HELLO), () -> {
      version = Tf115Protocol.readString(in);
      return Tf115Protocol.readBytes(in);
    });
    try {
      opList = OpList.parseFrom(ops);
    } catch (InvalidProtocolBufferException e) {
      throw new Tf115Exception("TF " + VERSION + "'s op list does not parse: " + e.getMessage(),
          e);
    }
  }

  /** {@code tf.import_graph_def(graph)} into a fresh graph and a {@code tf.Session} on it. */
  public void session(GraphDef graph, ConfigProto config) {
    request("importing the graph", () -> {
      out.writeByte(Tf115Protocol.SESSION);
      Tf115Protocol.writeBytes(out, graph.toByteArray());
      Tf115Protocol.writeBytes(out, config.toByteArray());
    });
  }

  /**
   * TF 1.15's {@code SavedModelBundle.load(dir, tags)}: its session replaces the current one;
   * returns the meta graph TF 1.15 loaded.
   */
  public MetaGraphDef loadSavedModel(String dir, String... tags) {
    byte[] meta = request("loading the SavedModel " + dir, () -> {
      out.writeByte(Tf115Protocol.SAVED_MODEL);
      Tf115Protocol.writeString(out, dir);
      Tf115Protocol.writeStrings(out, List.of(tags));
    }, () -> Tf115Protocol.readBytes(in));
    try {
      return MetaGraphDef.parseFrom(meta);
    } catch (InvalidProtocolBufferException e) {
      throw new Tf115Exception("TF " + VERSION + "'s meta graph does not parse: "
          + e.getMessage(), e);
    }
  }

  /** Hands over a float32 tensor. */
  public TensorRef floats(long[] shape, float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return tensor(Tf115Protocol.DT_FLOAT, shape, b.array());
  }

  /** Hands over a float32 or float64 tensor as TF stores it (little-endian, row-major). */
  public TensorRef floatBytes(boolean float64, long[] shape, byte[] data) {
    return tensor(float64 ? Tf115Protocol.DT_DOUBLE : Tf115Protocol.DT_FLOAT, shape, data);
  }

  /** Hands over an int32 tensor. */
  public TensorRef ints(long[] shape, int[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(values);
    return tensor(Tf115Protocol.DT_INT32, shape, b.array());
  }

  /** Hands over a bool scalar. */
  public TensorRef bool(boolean value) {
    return tensor(Tf115Protocol.DT_BOOL, new long[0], new byte[] {(byte) (value ? 1 : 0)});
  }

  /** Hands over a string scalar (a file name for a Saver's {@code save/Const}). */
  public TensorRef string(String value) {
    return tensor(Tf115Protocol.DT_STRING, new long[0], value.getBytes(StandardCharsets.UTF_8));
  }

  private TensorRef tensor(int dtype, long[] shape, byte[] data) {
    int id = nextTensorId++;
    request("handing over a tensor", () -> {
      out.writeByte(Tf115Protocol.TENSOR);
      out.writeInt(id);
      Tf115Protocol.writeValue(out, new Tf115Protocol.Value(dtype, shape, data));
    });
    return new TensorRef(id);
  }

  /** Closes the child's tensor. */
  public void free(TensorRef ref) {
    request("freeing a tensor", () -> {
      out.writeByte(Tf115Protocol.FREE);
      out.writeInt(ref.id());
    });
  }

  /** {@code session.run(fetches + targets, feed_dict=feeds)}: the fetched values, in order. */
  public List<Fetched> run(List<Feed> feeds, List<String> fetches, List<String> targets) {
    return request("session.run", () -> {
      out.writeByte(Tf115Protocol.RUN);
      out.writeInt(feeds.size());
      for (Feed f : feeds) {
        Tf115Protocol.writeString(out, f.name());
        out.writeInt(f.ref().id());
      }
      Tf115Protocol.writeStrings(out, fetches);
      Tf115Protocol.writeStrings(out, targets);
    }, () -> {
      List<Fetched> values = new ArrayList<>();
      for (int i = 0; i < fetches.size(); i++) {
        values.add(new Fetched(Tf115Protocol.readValue(in)));
      }
      return values;
    });
  }

  @FunctionalInterface
  private interface Write {
    void write() throws IOException;
  }

  @FunctionalInterface
  private interface Read<T> {
    T read() throws IOException;
  }

  /** Writes a request, then reads its reply's status and, for {@code OK}, its fields. */
  private <T> T request(String what, Write write, Read<T> read) {
    try {
      write.write();
      out.flush();
      reply(what);
      return read.read();
    } catch (IOException e) {
      throw died(what, e);
    }
  }

  /** As above, for a reply of the status alone. */
  private void request(String what, Write write) {
    request(what, write, () -> null);
  }

  /** Reads the status of a reply; an error reply becomes a {@link Tf115Exception}. */
  private void reply(String what) throws IOException {
    int status = in.read();
    if (status < 0) {
      throw new java.io.EOFException();
    }
    if (status == Tf115Protocol.ERROR) {
      throw new Tf115Exception("TF " + VERSION + ", " + what + ": "
          + Tf115Protocol.readString(in));
    }
    if (status != Tf115Protocol.OK) {
      throw new IOException("unexpected reply " + status);
    }
  }

  /**
   * The child is gone (or garbled): say how it ended, with its last stderr line; or, if a jar of
   * its class path is corrupt (which its class loader reports naming no jar), name that jar.
   */
  private Tf115Exception died(String what, IOException e) {
    for (Path jar : classPathJars) {
      Tf115Exception corrupt = corruptEntry(jar);
      if (corrupt != null) {
        return corrupt;
      }
    }
    String how;
    try {
      if (process.waitFor(5, TimeUnit.SECONDS)) {
        how = "exited with code " + process.exitValue();
      } else {
        how = "stopped answering (" + e + ")";
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      how = "was interrupted";
    }
    try {
      errPump.join(2000);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
    String last;
    synchronized (lastErrLines) {
      last = lastErrLines.isEmpty() ? "" : ": " + lastErrLines.peekLast();
    }
    return new Tf115Exception(String.format(Locale.ROOT, "TF %s's runtime %s while %s%s",
        VERSION, how, what, last), e);
  }

  /**
   * Passes TF's own log lines from the child's stderr on, as TF 2.18's reach this JVM's; anything
   * else there (the JVM's own complaints) is kept for the one line a failure reports.
   */
  private void pumpStderr() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (TF_LOG_LINE.matcher(line).lookingAt()) {
          System.err.println(line);
        }
        synchronized (lastErrLines) {
          if (!line.isBlank()) {
            lastErrLines.addLast(line.strip());
            if (lastErrLines.size() > STDERR_LINES) {
              lastErrLines.removeFirst();
            }
          }
        }
      }
    } catch (IOException e) {
      // the child is gone
    }
  }

  /** Closes the pipe; the child frees its session and exits. */
  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      errPump.join(2000);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (InputStream ignored = process.getInputStream()) {
      // closed
    } catch (IOException e) {
      // nothing to do
    }
  }
}
