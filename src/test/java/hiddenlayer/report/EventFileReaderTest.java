package hiddenlayer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import hiddenlayer.report.EventFileReader.Scalar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;
import org.tensorflow.proto.SummaryMetadata;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

class EventFileReaderTest {
  @TempDir Path dir;

  @Test
  void readsSimpleValuesAndScalarTensorsBack() throws IOException {
    Path file = dir.resolve("events.out.tfevents.1.test");
    Files.write(file, records(
        Event.newBuilder().setWallTime(1.0).setFileVersion("brain.Event:2").build(),
        // TF1 tf.summary.scalar: simple_value
        event(10, Summary.Value.newBuilder().setTag("train/loss").setSimpleValue(0.5f)),
        // TF2 tf.summary.scalar: a float tensor with the scalars plugin named
        event(10, Summary.Value.newBuilder().setTag("test/accuracy")
            .setMetadata(scalarsPlugin())
            .setTensor(floatTensor().addFloatVal(0.875f))),
        // a later value of the same tag, metadata omitted, value as raw tensor_content
        event(20, Summary.Value.newBuilder().setTag("test/accuracy")
            .setTensor(floatTensor().setTensorContent(littleEndianFloat(0.9375f)))),
        // not a scalar: a string tensor of another plugin
        event(20, Summary.Value.newBuilder().setTag("config")
            .setMetadata(SummaryMetadata.newBuilder().setPluginData(
                SummaryMetadata.PluginData.newBuilder().setPluginName("text")))
            .setTensor(TensorProto.newBuilder().setDtype(DataType.DT_STRING)
                .addStringVal(ByteString.copyFromUtf8("BN"))))));

    assertEquals(5, EventFileReader.readEvents(file).size());
    // 0.5, 0.875 and 0.9375 are exact in float, so the values compare exactly
    assertEquals(List.of(
            new Scalar(10, "train/loss", 0.5),
            new Scalar(10, "test/accuracy", 0.875),
            new Scalar(20, "test/accuracy", 0.9375)),
        EventFileReader.readScalars(file));
  }

  @Test
  void corruptDataFailsItsCrc() throws IOException {
    byte[] bytes = records(event(10, Summary.Value.newBuilder().setTag("x").setSimpleValue(1f)));
    bytes[bytes.length - 6] ^= 1; // a byte of the data, before its 4-byte CRC
    Path file = Files.write(dir.resolve("events.corrupt"), bytes);
    IOException e = assertThrows(IOException.class, () -> EventFileReader.readEvents(file));
    assertTrue(e.getMessage().contains("data CRC mismatch"), e.getMessage());
  }

  @Test
  void maskedCrcMatchesTensorFlowsKnownValue() {
    // CRC32C("123456789") = 0xE3069283 (the standard check value); masked in Python:
    // (((c >> 15) | (c << 17)) + 0xa282ead8) & 0xffffffff == 0xC78AB0E5
    assertEquals(0xC78AB0E5,
        EventFileReader.maskedCrc32c("123456789".getBytes(StandardCharsets.US_ASCII)));
  }

  private static Event event(long step, Summary.Value.Builder value) {
    return Event.newBuilder().setWallTime(2.0).setStep(step)
        .setSummary(Summary.newBuilder().addValue(value)).build();
  }

  private static SummaryMetadata scalarsPlugin() {
    return SummaryMetadata.newBuilder()
        .setPluginData(SummaryMetadata.PluginData.newBuilder().setPluginName("scalars"))
        .build();
  }

  private static TensorProto.Builder floatTensor() {
    return TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
        .setTensorShape(TensorShapeProto.getDefaultInstance());
  }

  private static ByteString littleEndianFloat(float f) {
    return ByteString.copyFrom(
        ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(f).array());
  }

  /** TFRecord framing, written independently of the reader's parsing code. */
  private static byte[] records(Event... events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Event e : events) {
      byte[] data = e.toByteArray();
      byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
          .putLong(data.length).array();
      out.writeBytes(length);
      out.writeBytes(le32(EventFileReader.maskedCrc32c(length)));
      out.writeBytes(data);
      out.writeBytes(le32(EventFileReader.maskedCrc32c(data)));
    }
    return out.toByteArray();
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }
}
