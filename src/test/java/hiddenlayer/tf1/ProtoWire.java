package hiddenlayer.tf1;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A protobuf wire-format reader for tests, written from the published encoding (varints, wire
 * types 0, 1, 2, 5) and nothing else: an independent reading of a file against the field numbers
 * of TensorFlow's {@code .proto} files, with no generated class involved.
 */
public final class ProtoWire {
  private ProtoWire() {}

  /** One field: its number, wire type, and its varint or its bytes. */
  public record Field(int number, int wireType, long varint, byte[] bytes) {
    public String string() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  public static List<Field> fields(byte[] b) {
    List<Field> out = new ArrayList<>();
    int[] i = {0};
    while (i[0] < b.length) {
      long key = varint(b, i);
      int number = (int) (key >>> 3);
      int type = (int) (key & 7);
      switch (type) {
        case 0 -> out.add(new Field(number, type, varint(b, i), null));
        case 1, 5 -> {
          int n = type == 1 ? 8 : 4;
          out.add(new Field(number, type, 0, java.util.Arrays.copyOfRange(b, i[0], i[0] + n)));
          i[0] += n;
        }
        case 2 -> {
          int n = (int) varint(b, i);
          out.add(new Field(number, type, 0, java.util.Arrays.copyOfRange(b, i[0], i[0] + n)));
          i[0] += n;
        }
        default -> throw new IllegalArgumentException("wire type " + type);
      }
    }
    return out;
  }

  /** The fields numbered {@code number}, in order. */
  public static List<Field> all(byte[] b, int number) {
    return fields(b).stream().filter(f -> f.number() == number).toList();
  }

  /** The one field numbered {@code number}, or null. */
  public static Field one(byte[] b, int number) {
    List<Field> f = all(b, number);
    return f.isEmpty() ? null : f.get(f.size() - 1);
  }

  private static long varint(byte[] b, int[] i) {
    long r = 0;
    for (int shift = 0; ; shift += 7) {
      int c = b[i[0]++] & 0xff;
      r |= (long) (c & 0x7f) << shift;
      if (c < 0x80) {
        return r;
      }
    }
  }
}
