package hiddenlayer.tf1.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A small reader and writer of TensorFlow's V2 checkpoint ("tensor bundle") format, written for
 * the tests from the format's published description, independently of the project's code and
 * of TensorFlow, so that tests can check what the project writes and feed it files it did not.
 *
 * <p>The description, in TensorFlow's sources ({@code tensorflow/core/util/tensor_bundle/
 * tensor_bundle.h}, {@code .cc}; {@code tensorflow/core/protobuf/tensor_bundle.proto}; the table
 * in {@code tensorflow/core/lib/io/table_builder.cc}, {@code block_builder.cc}, {@code
 * format.h}, {@code format.cc}; LevelDB's {@code doc/table_format.md}, which the table follows):
 *
 * <ul>
 *   <li>{@code PREFIX.index} is an SSTable whose keys are tensor names in byte order. The entry
 *       under the empty key is a {@code BundleHeaderProto} ({@code num_shards} = 1, {@code
 *       endianness} = LITTLE = 0, {@code version} = {producer 1}); every other value is a {@code
 *       BundleEntryProto}: {@code dtype} (1, enum {@code DataType}: DT_FLOAT = 1, DT_DOUBLE = 2,
 *       DT_INT32 = 3, DT_INT64 = 9), {@code shape} (2, {@code TensorShapeProto}: repeated {@code
 *       dim} = 2, each {@code size} = 1), {@code shard_id} (3), {@code offset} (4), {@code size}
 *       (5), {@code crc32c} (6, fixed32: the masked CRC32C of the tensor's bytes).
 *   <li>The table: data blocks, a (here empty) metaindex block, an index block (per data block
 *       a key at or after its last key, and its handle: varint64 offset, varint64 size), then a
 *       48-byte footer (metaindex handle, index handle, zero padding to 40 bytes, the magic
 *       0xdb4775248b80fb57 as fixed64). A block is its entries (varint32 shared key length,
 *       varint32 unshared length, varint32 value length, the unshared key bytes, the value),
 *       the restart offsets (fixed32 each, the first 0) and their count (fixed32); it is
 *       followed by a 5-byte trailer: the compression type (0, none) and the masked CRC32C of
 *       the block and that type byte.
 *   <li>{@code PREFIX.data-00000-of-00001} holds each tensor's bytes, little-endian, at its
 *       entry's offset.
 *   <li>Masked CRC32C: {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}.
 * </ul>
 */
public final class BundleFiles {
  static final long TABLE_MAGIC = 0xdb4775248b80fb57L;
  public static final int DT_FLOAT = 1;
  public static final int DT_DOUBLE = 2;
  public static final int DT_INT32 = 3;
  public static final int DT_INT64 = 9;

  private BundleFiles() {}

  /** One tensor: dtype number, shape, and its values widened to double. */
  public record Tensor(int dtype, long[] shape, double[] values) {
    public static Tensor floats(long[] shape, double... values) {
      return new Tensor(DT_FLOAT, shape, values);
    }

    public float[] asFloats() {
      float[] f = new float[values.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) values[i];
      }
      return f;
    }
  }

  /** What the header entry says. */
  public record Header(int numShards, int endianness, int producer) {}

  /** A whole checkpoint read back: its header and its tensors by name, in index order. */
  public record Bundle(Header header, Map<String, Tensor> tensors) {}

  public static Path indexFile(Path prefix) {
    return Path.of(prefix + ".index");
  }

  public static Path dataFile(Path prefix) {
    return Path.of(prefix + ".data-00000-of-00001");
  }

  // ------------------------------------------------------------------ reading

  /** Reads {@code PREFIX.index} and every tensor's bytes, checking every CRC32C. */
  public static Bundle read(Path prefix) throws IOException {
    byte[] index = Files.readAllBytes(indexFile(prefix));
    byte[] data = Files.readAllBytes(dataFile(prefix));
    if (index.length < 48) {
      throw new IOException("index shorter than its footer");
    }
    ByteBuffer footer = ByteBuffer.wrap(index, index.length - 48, 48).slice()
        .order(ByteOrder.LITTLE_ENDIAN);
    if (footer.getLong(40) != TABLE_MAGIC) {
      throw new IOException("bad table magic");
    }
    Cursor f = new Cursor(footer);
    f.varint(); // metaindex offset
    f.varint(); // metaindex size
    long indexOffset = f.varint();
    long indexSize = f.varint();
    Header header = null;
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (byte[][] handle : entries(block(index, indexOffset, indexSize))) {
      Cursor h = new Cursor(ByteBuffer.wrap(handle[1]));
      long offset = h.varint();
      long size = h.varint();
      for (byte[][] kv : entries(block(index, offset, size))) {
        String name = new String(kv[0], StandardCharsets.UTF_8);
        if (name.isEmpty()) {
          header = header(kv[1]);
        } else {
          tensors.put(name, tensor(name, kv[1], data));
        }
      }
    }
    if (header == null) {
      throw new IOException("no header entry");
    }
    return new Bundle(header, tensors);
  }

  private static byte[] block(byte[] file, long offset, long size) throws IOException {
    int off = Math.toIntExact(offset);
    int n = Math.toIntExact(size);
    if (off + n + 5 > file.length) {
      throw new IOException("block beyond the end of the file");
    }
    byte[] contents = Arrays.copyOfRange(file, off, off + n + 1); // with the type byte
    int stored = ByteBuffer.wrap(file, off + n + 1, 4).order(ByteOrder.LITTLE_ENDIAN)
        .getInt(off + n + 1);
    if (stored != maskedCrc32c(contents)) {
      throw new IOException("block CRC mismatch at " + off);
    }
    if (contents[n] != 0) {
      throw new IOException("compressed block");
    }
    return Arrays.copyOf(contents, n);
  }

  private static List<byte[][]> entries(byte[] block) {
    ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
    int restarts = b.getInt(block.length - 4);
    int end = block.length - 4 - 4 * restarts;
    Cursor c = new Cursor(ByteBuffer.wrap(block, 0, end));
    List<byte[][]> out = new ArrayList<>();
    byte[] key = new byte[0];
    while (c.buffer.position() < end) {
      int shared = (int) c.varint();
      int unshared = (int) c.varint();
      int valueLength = (int) c.varint();
      byte[] k = Arrays.copyOf(key, shared + unshared);
      c.buffer.get(k, shared, unshared);
      byte[] v = new byte[valueLength];
      c.buffer.get(v);
      key = k;
      out.add(new byte[][] {k, v});
    }
    return out;
  }

  private static Header header(byte[] proto) {
    int shards = 0;
    int endianness = 0;
    int producer = 0;
    Cursor c = new Cursor(ByteBuffer.wrap(proto));
    while (c.buffer.hasRemaining()) {
      long tag = c.varint();
      int field = (int) (tag >>> 3);
      if (field == 1) {
        shards = (int) c.varint();
      } else if (field == 2) {
        endianness = (int) c.varint();
      } else if (field == 3) {
        Cursor version = new Cursor(ByteBuffer.wrap(c.bytes()));
        while (version.buffer.hasRemaining()) {
          long t = version.varint();
          long value = version.varint();
          if ((t >>> 3) == 1) {
            producer = (int) value;
          }
        }
      } else {
        c.skip((int) (tag & 7));
      }
    }
    return new Header(shards, endianness, producer);
  }

  private static Tensor tensor(String name, byte[] proto, byte[] data) throws IOException {
    int dtype = 0;
    List<Long> dims = new ArrayList<>();
    long offset = 0;
    long size = 0;
    int crc = 0;
    Cursor c = new Cursor(ByteBuffer.wrap(proto).order(ByteOrder.LITTLE_ENDIAN));
    while (c.buffer.hasRemaining()) {
      long tag = c.varint();
      switch ((int) (tag >>> 3)) {
        case 1 -> dtype = (int) c.varint();
        case 2 -> {
          Cursor shape = new Cursor(ByteBuffer.wrap(c.bytes()));
          while (shape.buffer.hasRemaining()) {
            long t = shape.varint();
            if ((t >>> 3) == 2) {
              Cursor dim = new Cursor(ByteBuffer.wrap(shape.bytes()));
              long d = 0;
              while (dim.buffer.hasRemaining()) {
                long dt = dim.varint();
                if ((dt >>> 3) == 1) {
                  d = dim.varint();
                } else {
                  dim.skip((int) (dt & 7));
                }
              }
              dims.add(d);
            } else {
              shape.skip((int) (t & 7));
            }
          }
        }
        case 4 -> offset = c.varint();
        case 5 -> size = c.varint();
        case 6 -> crc = c.buffer.getInt();
        default -> c.skip((int) (tag & 7));
      }
    }
    int off = Math.toIntExact(offset);
    int n = Math.toIntExact(size);
    if (off + n > data.length) {
      throw new IOException(name + ": data beyond the end of the data file");
    }
    byte[] bytes = Arrays.copyOfRange(data, off, off + n);
    if (maskedCrc32c(bytes) != crc) {
      throw new IOException(name + ": data CRC mismatch");
    }
    ByteBuffer v = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int width = switch (dtype) {
      case DT_FLOAT, DT_INT32 -> 4;
      case DT_DOUBLE, DT_INT64 -> 8;
      default -> throw new IOException(name + ": dtype " + dtype + " not read by this reader");
    };
    double[] values = new double[n / width];
    for (int i = 0; i < values.length; i++) {
      values[i] = switch (dtype) {
        case DT_FLOAT -> v.getFloat();
        case DT_INT32 -> v.getInt();
        case DT_DOUBLE -> v.getDouble();
        default -> v.getLong();
      };
    }
    return new Tensor(dtype, dims.stream().mapToLong(Long::longValue).toArray(), values);
  }

  // ------------------------------------------------------------------ writing

  /** Writes {@code PREFIX.index} and {@code PREFIX.data-00000-of-00001} holding {@code tensors}. */
  public static void write(Path prefix, Map<String, Tensor> tensors) throws IOException {
    // Keys in byte order (the names here are ASCII: String order is byte order).
    TreeMap<String, Tensor> sorted = new TreeMap<>(tensors);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    List<byte[][]> entries = new ArrayList<>();
    entries.add(new byte[][] {new byte[0], headerProto()});
    for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
      byte[] bytes = tensorBytes(e.getValue());
      long offset = data.size();
      data.write(bytes);
      entries.add(new byte[][] {e.getKey().getBytes(StandardCharsets.UTF_8),
          entryProto(e.getValue(), offset, bytes)});
    }
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    long[] dataHandle = writeBlock(table, blockOf(entries, 16));
    long[] metaHandle = writeBlock(table, blockOf(List.of(), 16));
    byte[] lastKey = entries.get(entries.size() - 1)[0];
    ByteArrayOutputStream handle = new ByteArrayOutputStream();
    varint(handle, dataHandle[0]);
    varint(handle, dataHandle[1]);
    List<byte[][]> index = List.<byte[][]>of(new byte[][] {shortSuccessor(lastKey),
        handle.toByteArray()});
    long[] indexHandle = writeBlock(table, blockOf(index, 1));
    ByteArrayOutputStream footer = new ByteArrayOutputStream();
    varint(footer, metaHandle[0]);
    varint(footer, metaHandle[1]);
    varint(footer, indexHandle[0]);
    varint(footer, indexHandle[1]);
    footer.write(new byte[40 - footer.size()]);
    footer.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(TABLE_MAGIC)
        .array());
    table.write(footer.toByteArray());
    Files.write(dataFile(prefix), data.toByteArray());
    Files.write(indexFile(prefix), table.toByteArray());
  }

  private static byte[] headerProto() {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(1 << 3); // num_shards
    o.write(1);
    o.write(3 << 3 | 2); // version { producer: 1 }
    o.write(2);
    o.write(1 << 3);
    o.write(1);
    return o.toByteArray();
  }

  private static byte[] entryProto(Tensor t, long offset, byte[] bytes) {
    ByteArrayOutputStream shape = new ByteArrayOutputStream();
    for (long d : t.shape()) {
      ByteArrayOutputStream dim = new ByteArrayOutputStream();
      dim.write(1 << 3);
      varint(dim, d);
      shape.write(2 << 3 | 2);
      varint(shape, dim.size());
      shape.writeBytes(dim.toByteArray());
    }
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(1 << 3);
    varint(o, t.dtype());
    o.write(2 << 3 | 2);
    varint(o, shape.size());
    o.writeBytes(shape.toByteArray());
    if (offset != 0) {
      o.write(4 << 3);
      varint(o, offset);
    }
    o.write(5 << 3);
    varint(o, bytes.length);
    o.write(6 << 3 | 5);
    o.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(maskedCrc32c(bytes)).array());
    return o.toByteArray();
  }

  private static byte[] tensorBytes(Tensor t) {
    int width = t.dtype() == DT_FLOAT || t.dtype() == DT_INT32 ? 4 : 8;
    ByteBuffer b = ByteBuffer.allocate(t.values().length * width).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : t.values()) {
      switch (t.dtype()) {
        case DT_FLOAT -> b.putFloat((float) v);
        case DT_INT32 -> b.putInt((int) v);
        case DT_DOUBLE -> b.putDouble(v);
        case DT_INT64 -> b.putLong((long) v);
        default -> throw new IllegalArgumentException("dtype " + t.dtype());
      }
    }
    return b.array();
  }

  /** A block: prefix-compressed entries, a restart point every {@code interval} entries. */
  private static byte[] blockOf(List<byte[][]> entries, int interval) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    List<Integer> restarts = new ArrayList<>(List.of(0));
    byte[] last = new byte[0];
    for (int i = 0; i < entries.size(); i++) {
      byte[] key = entries.get(i)[0];
      byte[] value = entries.get(i)[1];
      int shared = 0;
      if (i % interval == 0) {
        if (i > 0) {
          restarts.add(o.size());
        }
      } else {
        while (shared < Math.min(last.length, key.length) && last[shared] == key[shared]) {
          shared++;
        }
      }
      varint(o, shared);
      varint(o, key.length - shared);
      varint(o, value.length);
      o.write(key, shared, key.length - shared);
      o.writeBytes(value);
      last = key;
    }
    ByteBuffer tail = ByteBuffer.allocate(4 * (restarts.size() + 1))
        .order(ByteOrder.LITTLE_ENDIAN);
    restarts.forEach(tail::putInt);
    tail.putInt(restarts.size());
    o.writeBytes(tail.array());
    return o.toByteArray();
  }

  /** Appends a block and its trailer; returns its handle (offset, size). */
  private static long[] writeBlock(ByteArrayOutputStream table, byte[] block) {
    long offset = table.size();
    byte[] typed = Arrays.copyOf(block, block.length + 1); // type 0: no compression
    table.writeBytes(typed);
    table.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(maskedCrc32c(typed)).array());
    return new long[] {offset, block.length};
  }

  /** LevelDB's {@code FindShortSuccessor}: the first byte that can grow grows, the rest goes. */
  private static byte[] shortSuccessor(byte[] key) {
    for (int i = 0; i < key.length; i++) {
      if ((key[i] & 0xff) != 0xff) {
        byte[] s = Arrays.copyOf(key, i + 1);
        s[i]++;
        return s;
      }
    }
    return key;
  }

  static int maskedCrc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }

  private static void varint(ByteArrayOutputStream o, long v) {
    while ((v & ~0x7fL) != 0) {
      o.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    o.write((int) v);
  }

  /** Reads protobuf / table varints and length-delimited fields. */
  private static final class Cursor {
    final ByteBuffer buffer;

    Cursor(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = buffer.get();
        v |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return v;
        }
      }
    }

    byte[] bytes() {
      byte[] b = new byte[(int) varint()];
      buffer.get(b);
      return b;
    }

    void skip(int wireType) {
      switch (wireType) {
        case 0 -> varint();
        case 1 -> buffer.position(buffer.position() + 8);
        case 2 -> bytes();
        case 5 -> buffer.position(buffer.position() + 4);
        default -> throw new IllegalStateException("wire type " + wireType);
      }
    }
  }
}
