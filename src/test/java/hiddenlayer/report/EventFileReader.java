package hiddenlayer.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;
import org.tensorflow.proto.TensorProto;

/**
 * Reads a TensorBoard event file ({@code events.out.tfevents.*}) back, for tests of code
 * that writes one.
 *
 * <p>The file is a TFRecord stream: each record is a little-endian uint64 length, the masked
 * CRC32C of those 8 bytes, the data (a serialized {@link Event}), and the masked CRC32C of the
 * data. Both checksums are verified.
 */
public final class EventFileReader {
  private EventFileReader() {}

  /** One scalar point as TensorBoard's scalars dashboard would show it. */
  public record Scalar(long step, String tag, double value) {}

  /** Every event in the file, in order. */
  public static List<Event> readEvents(Path file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (in.hasRemaining()) {
      long offset = in.position();
      if (in.remaining() < 12) {
        throw new IOException(file + ": truncated record header at byte " + offset);
      }
      byte[] lengthBytes = new byte[8];
      in.get(lengthBytes);
      long length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
      check(file, offset, "length", lengthBytes, in.getInt());
      if (length < 0 || length > in.remaining() - 4) {
        throw new IOException(file + ": truncated record of " + length + " bytes at byte " + offset);
      }
      byte[] data = new byte[(int) length];
      in.get(data);
      check(file, offset, "data", data, in.getInt());
      events.add(Event.parseFrom(data));
    }
    return events;
  }

  /**
   * The scalars in the file: old-style {@code simple_value}s, and TF2's scalar tensors,
   * recognised by the "scalars" plugin in their metadata. TF2 may send the metadata only with
   * a tag's first value, so a tag once seen as a scalar stays one.
   */
  public static List<Scalar> readScalars(Path file) throws IOException {
    List<Scalar> scalars = new ArrayList<>();
    Set<String> scalarTags = new HashSet<>();
    for (Event event : readEvents(file)) {
      if (!event.hasSummary()) {
        continue;
      }
      for (Summary.Value v : event.getSummary().getValueList()) {
        if (v.hasSimpleValue()) {
          scalars.add(new Scalar(event.getStep(), v.getTag(), v.getSimpleValue()));
        } else if (v.hasTensor()) {
          if ("scalars".equals(v.getMetadata().getPluginData().getPluginName())) {
            scalarTags.add(v.getTag());
          }
          if (scalarTags.contains(v.getTag())) {
            scalars.add(new Scalar(event.getStep(), v.getTag(), scalarOf(v.getTensor())));
          }
        }
      }
    }
    return scalars;
  }

  /** The one value of a scalar tensor, from its typed field or its raw little-endian bytes. */
  static double scalarOf(TensorProto t) throws IOException {
    ByteBuffer raw = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    if (t.getDtype() == DataType.DT_FLOAT) {
      return t.getFloatValCount() > 0 ? t.getFloatVal(0) : raw.getFloat();
    }
    if (t.getDtype() == DataType.DT_DOUBLE) {
      return t.getDoubleValCount() > 0 ? t.getDoubleVal(0) : raw.getDouble();
    }
    throw new IOException("scalar tensor of unsupported dtype " + t.getDtype());
  }

  /** TFRecord's masked CRC32C: rotated and offset so a CRC of CRC-carrying data stays strong. */
  public static int maskedCrc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }

  private static void check(Path file, long offset, String what, byte[] bytes, int stored)
      throws IOException {
    if (maskedCrc32c(bytes) != stored) {
      throw new IOException(file + ": " + what + " CRC mismatch in the record at byte " + offset);
    }
  }
}
