package hiddenlayer.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One uint8 array file whose header has been read (an IDX file or an .npy array), with its
 * payload still to read. Every problem becomes a {@link DataException} naming the file.
 */
abstract class ArrayFile implements AutoCloseable {
  /** What the bytes come out of, which says what an I/O error means. */
  enum Container {
    RAW,
    GZIP,
    ZIP_ENTRY
  }

  private final String name;
  private final InputStream in;
  private final Container container;

  ArrayFile(String name, InputStream in, Container container) {
    this.name = name;
    this.in = in;
    this.container = container;
  }

  /** The file as messages name it. */
  final String name() {
    return name;
  }

  /** The array's shape from the header, outermost dimension first. */
  abstract long[] shape();

  /** Reads the whole payload, one byte per element, and checks that nothing follows it. */
  final byte[] readPayload() {
    long length = Arrays.stream(shape()).reduce(1, Math::multiplyExact);
    if (length > Integer.MAX_VALUE - 8) {
      throw problem("too large: " + length + " payload bytes");
    }
    byte[] payload = new byte[(int) length];
    int got = readFully(payload, "the " + length + " payload bytes");
    if (got < length) {
      throw problem("truncated: expected " + length + " payload bytes, got " + got);
    }
    long extra = countRest();
    if (extra > 0) {
      throw problem(extra + " extra bytes after the " + length + " payload bytes the header announces");
    }
    return payload;
  }

  /** Reads header bytes; a short read means the file ends inside its header. */
  final byte[] readHeader(int length, String what) {
    byte[] header = new byte[length];
    int got = readFully(header, what);
    if (got < length) {
      throw problem("truncated: " + what + " needs " + length + " bytes, got " + got);
    }
    return header;
  }

  final DataException problem(String what) {
    return new DataException(name + ": " + what);
  }

  final DataException problem(String what, Throwable cause) {
    return new DataException(name + ": " + what, cause);
  }

  /**
   * Fills {@code b} as far as the stream goes. A compressed stream cut short fails at once
   * (its decompressor cannot say how many bytes it would still have given).
   */
  private int readFully(byte[] b, String what) {
    int off = 0;
    try {
      while (off < b.length) {
        int n = in.read(b, off, b.length - off);
        if (n < 0) {
          break;
        }
        off += n;
      }
    } catch (EOFException e) {
      throw problem("truncated: the compressed stream ends inside " + what, e);
    } catch (IOException e) {
      throw ioProblem(e);
    }
    return off;
  }

  /** Counts the bytes after the payload; reading to the end also checks a gzip trailer (CRC). */
  private long countRest() {
    try {
      return in.transferTo(OutputStream.nullOutputStream());
    } catch (EOFException e) {
      throw problem("truncated: the stream ends after the payload but before its trailer", e);
    } catch (IOException e) {
      throw ioProblem(e);
    }
  }

  private DataException ioProblem(IOException e) {
    String what =
        switch (container) {
          case GZIP -> "corrupt gzip: ";
          case ZIP_ENTRY -> "corrupt zip entry: ";
          case RAW -> "cannot read: ";
        };
    return problem(what + e.getMessage(), e);
  }

  /** A shape the way numpy prints it: {@code (60000, 28, 28)}, {@code (60000,)}. */
  static String format(long[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // nothing was written; a failing close of a read stream loses nothing
    }
  }
}
