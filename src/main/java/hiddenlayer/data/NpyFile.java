package hiddenlayer.data;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A numpy {@code .npy} array of uint8 (as in Keras' {@code mnist.npz}): magic
 * {@code \x93NUMPY}, version, little-endian header length, a Python dict literal with
 * {@code descr}, {@code fortran_order} and {@code shape}, then the data.
 */
final class NpyFile extends ArrayFile {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** numpy writes uint8 as {@code |u1}: byte order does not apply to single bytes. */
  private static final String UINT8 = "|u1";

  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private long[] shape;

  private NpyFile(String name, InputStream in) {
    super(name, in, Container.ZIP_ENTRY);
  }

  /** Takes ownership of {@code in} and reads the header. */
  static NpyFile open(String name, InputStream in) {
    NpyFile file = new NpyFile(name, in);
    try {
      file.readHeader();
      return file;
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
  }

  private void readHeader() {
    if (!Arrays.equals(readHeader(MAGIC.length, "the .npy magic"), MAGIC)) {
      throw problem("not an .npy array: no \\x93NUMPY magic");
    }
    byte[] version = readHeader(2, "the .npy version");
    int major = version[0];
    int headerLength =
        switch (major) {
          case 1 -> littleEndian(readHeader(2, "the .npy header length"));
          case 2, 3 -> littleEndian(readHeader(4, "the .npy header length"));
          default -> throw problem("unsupported .npy format version " + major + "." + version[1]);
        };
    // numpy writes headers of a few hundred bytes and refuses to read ones over 10000.
    if (headerLength < 0 || headerLength > MAX_HEADER) {
      throw problem("corrupt .npy header length " + Integer.toUnsignedString(headerLength)
          + " (numpy reads at most " + MAX_HEADER + ")");
    }
    String header =
        new String(
            readHeader(headerLength, "the .npy header"),
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    parse(header.strip());
  }

  private static final int MAX_HEADER = 10_000;

  private void parse(String header) {
    Matcher descr = DESCR.matcher(header);
    if (!descr.find()) {
      throw problem("wrong dtype: not a plain dtype in " + header + ", expected '" + UINT8 + "' (uint8)");
    }
    if (!descr.group(1).equals(UINT8)) {
      throw problem("wrong dtype: '" + descr.group(1) + "', expected '" + UINT8 + "' (uint8)");
    }
    Matcher shapeMatch = SHAPE.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    if (!shapeMatch.find() || !fortran.find()) {
      throw problem("corrupt .npy header: " + header);
    }
    shape = parseShape(shapeMatch.group(1));
    if (fortran.group(1).equals("True") && shape.length > 1) {
      throw problem("fortran_order True is not supported: expected a C-order array");
    }
  }

  private long[] parseShape(String tuple) {
    try {
      return Arrays.stream(tuple.split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .mapToLong(Long::parseLong)
          .toArray();
    } catch (NumberFormatException e) {
      throw problem("corrupt .npy shape (" + tuple + ")", e);
    }
  }

  private static int littleEndian(byte[] b) {
    int v = 0;
    for (int i = b.length - 1; i >= 0; i--) {
      v = (v << 8) | (b[i] & 0xFF);
    }
    return v;
  }

  @Override
  long[] shape() {
    return shape.clone();
  }
}
