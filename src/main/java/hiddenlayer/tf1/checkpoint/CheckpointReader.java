package hiddenlayer.tf1.checkpoint;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import org.apache.commons.compress.compressors.snappy.SnappyCompressorInputStream;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * {@code tf.train.load_checkpoint(prefix)} of a V2 checkpoint: {@code
 * get_variable_to_dtype_map}, {@code get_variable_to_shape_map} ({@code tf.train.list_variables})
 * and {@code get_tensor}.
 *
 * <p>The names, dtypes and shapes come from {@code PREFIX.index}, read here in Java: TensorFlow
 * has no op that lists a bundle, and TensorFlow Java does not bind its C++ {@code
 * CheckpointReader}. The index is an SSTable ({@code core/lib/io/table_builder.cc}, {@code
 * format.cc}, {@code block_builder.cc}): a 48-byte footer (metaindex and index block handles,
 * the magic {@code 0xdb4775248b80fb57}), blocks of prefix-compressed entries each followed by a
 * compression byte and the masked CRC32C of both (verified here, as TensorFlow's {@code
 * ReadBlock} does), keys in byte order; the entry under "" is the {@code BundleHeaderProto}, every
 * other one a tensor's {@code BundleEntryProto} ({@code core/protobuf/tensor_bundle.proto}). The
 * values are read by TensorFlow's own {@code RestoreV2} kernel, which checks each tensor's CRC32C.
 */
public final class CheckpointReader {
  /** The one data file of a single-shard bundle: {@code PREFIX.data-00000-of-00001}. */
  public static final String DATA_SUFFIX = ".data-00000-of-00001";
  private static final long TABLE_MAGIC = 0xdb4775248b80fb57L;
  private static final int FOOTER_LENGTH = 48;
  private static final int BLOCK_TRAILER = 5;
  /** A block trailer's type byte ({@code table/format.h}): stored as is, or Snappy-compressed. */
  private static final byte NO_COMPRESSION = 0;
  private static final byte SNAPPY_COMPRESSION = 1;
  /** Snappy compresses 64 KiB fragments: a copy reaches back at most 65535 bytes. */
  private static final int SNAPPY_WINDOW = 1 << 16;

  /** One tensor of the checkpoint: its dtype (Python's name: float32, int64, ...) and shape. */
  public record Entry(String name, String dtype, long[] shape, DataType dataType) {
    public String shapeText() {
      return Arrays.toString(shape);
    }
  }

  private final String prefix;
  private final Map<String, Entry> entries;

  private CheckpointReader(String prefix, Map<String, Entry> entries) {
    this.prefix = prefix;
    this.entries = entries;
  }

  /** Opens the checkpoint {@code prefix} ({@code PREFIX.index} and its data file). */
  public static CheckpointReader open(String prefix) {
    Path index = Paths.get(prefix + ".index");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(index);
    } catch (NoSuchFileException e) {
      String hint = prefix.endsWith(".index") || prefix.contains(".data-")
          ? "; a checkpoint is named by its prefix, without .index or .data-..." : "";
      throw new CheckpointException(prefix + ": not a checkpoint (" + index
          + " does not exist" + hint + ")", e);
    } catch (IOException e) {
      throw new CheckpointException(index + ": cannot read (" + e.getMessage() + ")", e);
    }
    Map<String, Entry> entries;
    try {
      entries = readIndex(bytes);
    } catch (IOException | RuntimeException e) {
      throw new CheckpointException(index + ": not a valid checkpoint index ("
          + e.getMessage() + ")", e);
    }
    if (!Files.isRegularFile(Paths.get(prefix + DATA_SUFFIX))) {
      throw new CheckpointException(prefix + ": incomplete checkpoint (" + prefix + DATA_SUFFIX
          + " does not exist)");
    }
    return new CheckpointReader(prefix, entries);
  }

  /** Every tensor, in the checkpoint's (byte) order of names. */
  public Map<String, Entry> entries() {
    return Collections.unmodifiableMap(entries);
  }

  /**
   * The values of {@code names} as float64, one {@code RestoreV2} for all, each tensor then
   * {@code Cast} to float64 by TensorFlow: the float, integer and bool dtypes element by element,
   * the complex dtypes as real and imaginary part of each element in turn ({@code Real}, {@code
   * Imag}); a string or other dtype is a {@link CheckpointException}.
   */
  public Map<String, double[]> values(List<String> names) {
    for (String n : names) {
      Entry e = entries.get(n);
      if (e == null || !(REAL.contains(e.dataType()) || COMPLEX.containsKey(e.dataType()))) {
        throw new CheckpointException(prefix + ": tensor " + n + " has dtype "
            + (e == null ? "?" : e.dtype()) + ", which cannot be compared as numbers");
      }
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    restore(names, (tf, restored) -> {
      List<Output<?>> doubles = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        Output<?> x = restored.output(i);
        DataType part = COMPLEX.get(entries.get(names.get(i)).dataType());
        if (part == null) {
          doubles.add(cast(tf, x, "Cast_" + doubles.size()));
        } else {
          for (String op : List.of("Real", "Imag")) {
            Output<?> y = tf.scope().env().opBuilder(op, op + "_" + i, tf.scope())
                .addInput(x).setAttr("Tout", part).build().output(0);
            doubles.add(cast(tf, y, "Cast_" + doubles.size()));
          }
        }
      }
      return doubles;
    }, fetched -> {
      int k = 0;
      for (String n : names) {
        double[] d = doubles((TFloat64) fetched.get(k++));
        if (COMPLEX.containsKey(entries.get(n).dataType())) {
          double[] imag = doubles((TFloat64) fetched.get(k++));
          double[] both = new double[2 * d.length];
          for (int i = 0; i < d.length; i++) {
            both[2 * i] = d[i];
            both[2 * i + 1] = imag[i];
          }
          d = both;
        }
        out.put(n, d);
      }
    });
    return out;
  }

  /** The elements of string tensors {@code names}, as bytes (one {@code RestoreV2} for all). */
  public Map<String, List<byte[]>> strings(List<String> names) {
    for (String n : names) {
      Entry e = entries.get(n);
      if (e == null || e.dataType() != DataType.DT_STRING) {
        throw new CheckpointException(prefix + ": tensor " + n + " has dtype "
            + (e == null ? "?" : e.dtype()) + ", not string");
      }
    }
    Map<String, List<byte[]>> out = new LinkedHashMap<>();
    restore(names, (tf, restored) -> {
      List<Output<?>> all = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        all.add(restored.output(i));
      }
      return all;
    }, fetched -> {
      for (int i = 0; i < names.size(); i++) {
        List<byte[]> elements = new ArrayList<>();
        ((TString) fetched.get(i)).asBytes().scalars().forEach(b -> elements.add(b.getObject()));
        out.put(names.get(i), elements);
      }
    });
    return out;
  }

  /** What to fetch of a {@code RestoreV2} of every name, and what to do with it. */
  private interface Fetches {
    List<Output<?>> of(Ops tf, GraphOperation restored);
  }

  private interface Fetched {
    void use(Result fetched);
  }

  private void restore(List<String> names, Fetches fetches, Fetched use) {
    if (names.isEmpty()) {
      return;
    }
    DataType[] dtypes = names.stream().map(n -> entries.get(n).dataType())
        .toArray(DataType[]::new);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      String[] slices = new String[names.size()];
      Arrays.fill(slices, "");
      GraphOperation restored = g.opBuilder("RestoreV2", "restore", tf.scope())
          .addInput(tf.constant(prefix).asOutput())
          .addInput(org.tensorflow.op.core.Constant.vectorOf(tf.scope(),
              names.toArray(new String[0])).asOutput())
          .addInput(org.tensorflow.op.core.Constant.vectorOf(tf.scope(), slices).asOutput())
          .setAttr("dtypes", dtypes)
          .build();
      List<Output<?>> outputs = fetches.of(tf, restored);
      try (Session s = new Session(g)) {
        Session.Runner runner = s.runner();
        outputs.forEach(runner::fetch);
        try (Result r = runner.run()) {
          use.use(r);
        }
      }
    } catch (TensorFlowException e) {
      throw CheckpointException.reading(prefix, "read", e);
    }
  }

  private static Output<?> cast(Ops tf, Output<?> x, String name) {
    return tf.scope().env().opBuilder("Cast", name, tf.scope()).addInput(x)
        .setAttr("DstT", DataType.DT_DOUBLE).build().output(0);
  }

  private static double[] doubles(TFloat64 t) {
    double[] d = new double[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(d, false, false));
    return d;
  }

  /**
   * The dtypes whose values {@link #values} reads: TensorFlow casts each to float64 (exactly,
   * but for an int64 or uint64 beyond 2^53, rounded to nearest).
   */
  private static final Set<DataType> REAL = EnumSet.of(DataType.DT_HALF, DataType.DT_BFLOAT16,
      DataType.DT_FLOAT, DataType.DT_DOUBLE, DataType.DT_INT8, DataType.DT_INT16,
      DataType.DT_INT32, DataType.DT_INT64, DataType.DT_UINT8, DataType.DT_UINT16,
      DataType.DT_UINT32, DataType.DT_UINT64, DataType.DT_BOOL);

  /** The complex dtypes and the dtype of their parts. */
  private static final Map<DataType, DataType> COMPLEX = Map.of(
      DataType.DT_COMPLEX64, DataType.DT_FLOAT, DataType.DT_COMPLEX128, DataType.DT_DOUBLE);

  /** The dtypes supported here and their TensorFlow Java types. */
  private static final Map<DataType, Class<? extends TType>> TYPES = Map.of(
      DataType.DT_FLOAT, TFloat32.class,
      DataType.DT_DOUBLE, TFloat64.class,
      DataType.DT_INT32, TInt32.class,
      DataType.DT_INT64, TInt64.class,
      DataType.DT_UINT8, TUint8.class,
      DataType.DT_BOOL, TBool.class,
      DataType.DT_STRING, TString.class);

  /** The TensorFlow Java type of a checkpoint dtype, or null when not supported here. */
  static Class<? extends TType> typeOf(DataType t) {
    return TYPES.get(t);
  }

  /** Python's name of a dtype: {@code tf.float32.name} is "float32". */
  public static String dtypeName(DataType t) {
    return switch (t) {
      case DT_FLOAT -> "float32";
      case DT_DOUBLE -> "float64";
      case DT_HALF -> "float16";
      default -> t.name().startsWith("DT_") ? t.name().substring(3).toLowerCase() : t.name();
    };
  }

  /** Python's name of the dtype of a TensorFlow Java type. */
  public static String dtypeName(Class<? extends TType> type) {
    for (Map.Entry<DataType, Class<? extends TType>> e : TYPES.entrySet()) {
      if (e.getValue() == type) {
        return dtypeName(e.getKey());
      }
    }
    return type.getSimpleName();
  }

  // ---- the index: an SSTable of BundleEntryProto ----

  private static Map<String, Entry> readIndex(byte[] file) throws IOException {
    if (file.length < FOOTER_LENGTH) {
      throw new IOException("truncated: " + file.length + " bytes, shorter than a table footer");
    }
    ByteBuffer footer = ByteBuffer.wrap(file, file.length - FOOTER_LENGTH, FOOTER_LENGTH)
        .order(ByteOrder.LITTLE_ENDIAN);
    long magic = footer.getLong(file.length - 8);
    if (magic != TABLE_MAGIC) {
      throw new IOException("not an sstable (bad magic number)");
    }
    CodedInputStream f = CodedInputStream.newInstance(file, file.length - FOOTER_LENGTH,
        FOOTER_LENGTH - 8);
    f.readRawVarint64(); // metaindex handle: TensorFlow writes an empty one
    f.readRawVarint64();
    long indexOffset = f.readRawVarint64();
    long indexSize = f.readRawVarint64();
    Map<String, Entry> entries = new LinkedHashMap<>();
    boolean header = false;
    for (byte[][] handle : blockEntries(block(file, indexOffset, indexSize))) {
      CodedInputStream h = CodedInputStream.newInstance(handle[1]);
      long offset = h.readRawVarint64();
      long size = h.readRawVarint64();
      for (byte[][] kv : blockEntries(block(file, offset, size))) {
        String key = new String(kv[0], java.nio.charset.StandardCharsets.UTF_8);
        if (key.isEmpty()) {
          checkHeader(kv[1]);
          header = true;
        } else {
          entries.put(key, entry(key, kv[1]));
        }
      }
    }
    if (!header) {
      throw new IOException("no bundle header");
    }
    return entries;
  }

  /** A block's contents, after checking its trailer's CRC32C (of contents + type byte). */
  private static byte[] block(byte[] file, long offset, long size) throws IOException {
    if (offset < 0 || size < 0 || offset + size + BLOCK_TRAILER > file.length - FOOTER_LENGTH) {
      throw new IOException("truncated block read");
    }
    int off = (int) offset;
    int n = (int) size;
    CRC32C crc = new CRC32C();
    crc.update(file, off, n + 1);
    int stored = ByteBuffer.wrap(file, off + n + 1, 4).order(ByteOrder.LITTLE_ENDIAN)
        .getInt(off + n + 1);
    if (unmask(stored) != (int) crc.getValue()) {
      throw new IOException("block checksum mismatch");
    }
    return switch (file[off + n]) {
      case NO_COMPRESSION -> Arrays.copyOfRange(file, off, off + n);
      case SNAPPY_COMPRESSION -> snappy(file, off, n);
      default -> throw new IOException("bad block type " + file[off + n]);
    };
  }

  /**
   * A Snappy-compressed block's contents (raw Snappy: the uncompressed length as a varint, then
   * literals and copies), as {@code port::Snappy_Uncompress} reads them.
   */
  private static byte[] snappy(byte[] file, int off, int n) throws IOException {
    byte[] out;
    int length;
    try (SnappyCompressorInputStream in = new SnappyCompressorInputStream(
        new ByteArrayInputStream(file, off, n), SNAPPY_WINDOW)) {
      length = in.getSize();
      out = in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      throw new IOException("corrupted compressed block contents", e);
    }
    if (out.length != length) {
      throw new IOException("corrupted compressed block contents");
    }
    return out;
  }

  /** The key/value pairs of a block: varint32 shared, non_shared, value length; key delta; value. */
  private static List<byte[][]> blockEntries(byte[] block) throws IOException {
    if (block.length < 4) {
      throw new IOException("bad block contents");
    }
    int restarts = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).getInt(block.length - 4);
    int limit = block.length - 4 * (restarts + 1);
    if (restarts < 1 || limit < 0) {
      throw new IOException("bad block contents");
    }
    CodedInputStream in = CodedInputStream.newInstance(block, 0, limit);
    List<byte[][]> out = new ArrayList<>();
    byte[] key = new byte[0];
    while (!in.isAtEnd()) {
      int shared = in.readRawVarint32();
      int nonShared = in.readRawVarint32();
      int valueLength = in.readRawVarint32();
      if (shared > key.length || nonShared < 0 || valueLength < 0) {
        throw new IOException("bad entry in block");
      }
      byte[] next = Arrays.copyOf(key, shared + nonShared);
      System.arraycopy(in.readRawBytes(nonShared), 0, next, shared, nonShared);
      key = next;
      out.add(new byte[][] {key, in.readRawBytes(valueLength)});
    }
    return out;
  }

  private static void checkHeader(byte[] proto) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(proto);
    int shards = 0;
    int endianness = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> shards = in.readInt32();
        case 2 -> endianness = in.readEnum();
        default -> in.skipField(tag);
      }
    }
    if (shards != 1) {
      throw new IOException(shards + " data shards; only single-shard checkpoints are read");
    }
    if (endianness != 0) {
      throw new IOException("big-endian bundle");
    }
  }

  private static Entry entry(String name, byte[] proto) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(proto);
    DataType dtype = DataType.DT_INVALID;
    TensorShapeProto shape = TensorShapeProto.getDefaultInstance();
    long byteSize = -1; // none recorded
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> {
          DataType t = DataType.forNumber(in.readEnum());
          dtype = t == null ? DataType.UNRECOGNIZED : t;
        }
        case 2 -> shape = TensorShapeProto.parseFrom(in.readBytes());
        case 5 -> byteSize = in.readInt64();
        case 7 -> throw new IOException("tensor " + name + " is saved in slices, not read here");
        default -> in.skipField(tag);
      }
    }
    long[] dims = shape.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
    checkShape(name, dims, dtype, byteSize);
    return new Entry(name, dtype == DataType.UNRECOGNIZED ? "unknown" : dtypeName(dtype), dims,
        dtype);
  }

  /**
   * A shape a saved tensor can have, as TensorFlow's {@code TensorShape} checks it: no negative
   * dimension, an element count that fits an int64, and, for a fixed-width dtype whose entry
   * records its byte size, that many elements of that width.
   */
  private static void checkShape(String name, long[] dims, DataType dtype, long byteSize)
      throws IOException {
    String shape = Arrays.toString(dims);
    long count = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new IOException("tensor " + name + " has shape " + shape
            + ", a negative dimension");
      }
    }
    for (long d : dims) {
      try {
        count = Math.multiplyExact(count, d);
      } catch (ArithmeticException e) {
        throw new IOException("tensor " + name + " has shape " + shape
            + ", more elements than an int64 counts", e);
      }
    }
    int width = byteWidth(dtype);
    if (byteSize >= 0 && width > 0) {
      long expected;
      try {
        expected = Math.multiplyExact(count, width);
      } catch (ArithmeticException e) {
        expected = -1;
      }
      if (expected != byteSize) {
        throw new IOException("tensor " + name + " has shape " + shape + ", " + count + " "
            + dtypeName(dtype) + " elements, but " + byteSize + " bytes in the data file");
      }
    }
  }

  /** Bytes per element of a fixed-width dtype; 0 for strings, resources and unknown dtypes. */
  private static int byteWidth(DataType dtype) {
    return switch (dtype) {
      case DT_BOOL, DT_INT8, DT_UINT8, DT_QINT8, DT_QUINT8 -> 1;
      case DT_HALF, DT_BFLOAT16, DT_INT16, DT_UINT16, DT_QINT16, DT_QUINT16 -> 2;
      case DT_FLOAT, DT_INT32, DT_UINT32, DT_QINT32 -> 4;
      case DT_DOUBLE, DT_INT64, DT_UINT64, DT_COMPLEX64 -> 8;
      case DT_COMPLEX128 -> 16;
      default -> 0;
    };
  }

  private static int unmask(int masked) {
    int rot = masked - 0xa282ead8;
    return (rot >>> 17) | (rot << 15);
  }
}
