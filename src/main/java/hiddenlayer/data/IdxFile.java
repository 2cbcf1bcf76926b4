package hiddenlayer.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * An MNIST IDX file (LeCun's format), raw or gzip-compressed: a big-endian int32 magic
 * (2051 images, 2049 labels), one big-endian int32 per dimension, then unsigned bytes.
 */
final class IdxFile extends ArrayFile {
  private long[] shape;

  private IdxFile(String name, InputStream in, Container container) {
    super(name, in, container);
  }

  /** Opens the stream (taking ownership of it) and reads the header, expecting {@code part}. */
  static IdxFile open(String name, InputStream raw, boolean gzipped, MnistPart part) {
    InputStream in = gzipped ? gunzip(name, raw) : new BufferedInputStream(raw, 1 << 16);
    IdxFile file = new IdxFile(name, in, gzipped ? Container.GZIP : Container.RAW);
    try {
      file.readHeader(part);
      return file;
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
  }

  private static InputStream gunzip(String name, InputStream raw) {
    try {
      return new GzipCompressorInputStream(new BufferedInputStream(raw, 1 << 16));
    } catch (EOFException e) {
      close(raw);
      throw new DataException(name + ": truncated: the gzip header is cut short", e);
    } catch (IOException e) {
      close(raw);
      throw new DataException(name + ": corrupt gzip: " + e.getMessage(), e);
    }
  }

  private void readHeader(MnistPart part) {
    int magic = ByteBuffer.wrap(readHeader(4, "the IDX magic")).getInt();
    if (magic != part.idxMagic()) {
      throw problem("wrong magic: expected " + describe(part.idxMagic()) + ", got " + describe(magic));
    }
    int rank = magic & 0xFF;
    ByteBuffer dims = ByteBuffer.wrap(readHeader(4 * rank, "the IDX dimensions"));
    shape = new long[rank];
    for (int d = 0; d < rank; d++) {
      // IDX sizes are unsigned 32-bit
      shape[d] = Integer.toUnsignedLong(dims.getInt());
    }
  }

  private static String describe(int magic) {
    if (magic == MnistPart.IMAGES_MAGIC) {
      return magic + " (images)";
    }
    if (magic == MnistPart.LABELS_MAGIC) {
      return magic + " (labels)";
    }
    String hex = String.format("0x%08x", magic);
    if ((magic >>> 16) == 0x1f8b) {
      return hex + " (a gzip stream: name the file .gz)";
    }
    return magic + " (" + hex + ")";
  }

  @Override
  long[] shape() {
    return shape.clone();
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // reading only; nothing to lose
    }
  }
}
