package hiddenlayer.tf115.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests a parent JVM sends to a TF 1.15 {@code tf.Session} in a child JVM, and their
 * replies, over the child's stdin and stdout. Plain JDK: it is compiled into the parent and, with
 * the child's own code, against TF 1.15's Java API.
 *
 * <p>Every request is one code byte and its fields; every reply is {@link #OK} and its fields,
 * or {@link #ERROR} and one line. Strings are UTF-8 with an int length, byte arrays an int length
 * then the bytes, lists of strings an int count then the strings, shapes an int rank then longs,
 * tensor values ({@link Value}) their dtype as an int, shape and bytes. Tensor bytes are
 * little-endian, row-major, as TF stores them on x86-64. The child exits at end of input: when
 * the parent closes the pipe or dies.
 */
public final class Tf115Protocol {
  private Tf115Protocol() {}

  /** {@code tf.__version__} and the serialized {@code OpList} of every registered op. */
  public static final byte HELLO = 1;
  /** A serialized GraphDef and ConfigProto: import the graph, open {@code tf.Session} on it. */
  public static final byte SESSION = 2;
  /** Keep a tensor under an id, to feed by id: id, dtype, shape, bytes. */
  public static final byte TENSOR = 3;
  /** Close the tensor of an id. */
  public static final byte FREE = 4;
  /**
   * {@code session.run(fetches, feed_dict)} with targets: feeds ({@code name[:index]}, tensor id),
   * fetches ({@code name[:index]}), targets (op names); replies each fetch as dtype, shape, bytes
   * (a string scalar as its bytes).
   */
  public static final byte RUN = 5;
  /**
   * A SavedModel directory and tags: {@code SavedModelBundle.load(dir, tags)} (TF 1.15's loader:
   * the meta graph imported, the variables restored through its {@code saver_def}), whose
   * session {@link #RUN} then runs; replies the loaded meta graph's serialized MetaGraphDef.
   */
  public static final byte SAVED_MODEL = 6;

  public static final byte OK = 0;
  public static final byte ERROR = 1;

  /** TensorFlow's {@code DataType} enum values ({@code types.proto}) of the dtypes exchanged. */
  public static final int DT_FLOAT = 1;
  public static final int DT_DOUBLE = 2;
  public static final int DT_INT32 = 3;
  public static final int DT_STRING = 7;
  public static final int DT_INT64 = 9;
  public static final int DT_BOOL = 10;

  public static void writeString(DataOutputStream out, String s) throws IOException {
    writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  public static String readString(DataInputStream in) throws IOException {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  public static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  public static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative length " + n);
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  public static void writeStrings(DataOutputStream out, List<String> strings)
      throws IOException {
    out.writeInt(strings.size());
    for (String s : strings) {
      writeString(out, s);
    }
  }

  public static List<String> readStrings(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      strings.add(readString(in));
    }
    return strings;
  }

  /** A tensor's value as exchanged: its dtype (a code above), shape and bytes. */
  public record Value(int dtype, long[] shape, byte[] data) {}

  public static void writeValue(DataOutputStream out, Value v) throws IOException {
    out.writeInt(v.dtype());
    writeShape(out, v.shape());
    writeBytes(out, v.data());
  }

  public static Value readValue(DataInputStream in) throws IOException {
    int dtype = in.readInt();
    long[] shape = readShape(in);
    return new Value(dtype, shape, readBytes(in));
  }

  public static void writeShape(DataOutputStream out, long[] shape) throws IOException {
    out.writeInt(shape.length);
    for (long d : shape) {
      out.writeLong(d);
    }
  }

  public static long[] readShape(DataInputStream in) throws IOException {
    int rank = in.readInt();
    if (rank < 0 || rank > 64) {
      throw new IOException("bad rank " + rank);
    }
    long[] shape = new long[rank];
    for (int i = 0; i < rank; i++) {
      shape[i] = in.readLong();
    }
    return shape;
  }
}
