package hiddenlayer.bench;

import hiddenlayer.train.StepReplay;
import hiddenlayer.train.StepReplay.Replayed;
import hiddenlayer.train.StepTensors.Value;
import hiddenlayer.train.TrainSession.RawTensor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The file of {@code bench --tensors VARIANT --tensors-values FILE}: every tensor of one train
 * step by value, for {@code bench --tensors VARIANT --tensors-replay FILE} in another process.
 * Binary, big-endian ({@link DataOutputStream}): the magic line {@code hidden-layer step values
 * 1\n}, the variant's key, the tensor count, then per tensor its {@code name:index}, op type,
 * dtype (1 float32, 2 float64), rank, dimensions, byte count and raw bytes (as TF stores them,
 * little-endian).
 */
public final class TensorValues {
  private TensorValues() {}

  private static final byte[] MAGIC = "hidden-layer step values 1\n"
      .getBytes(StandardCharsets.US_ASCII);

  /** A file's variant and tensors by name, in the step's order. */
  public record Capture(String variant, Map<String, RawTensor> tensors) {}

  /** Writes {@code values} of {@code variant} to {@code file} (a temp file, then renamed). */
  public static void write(Path file, String variant, List<Value> values) {
    Path tmp = null;
    try {
      Path dir = file.toAbsolutePath().getParent();
      tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
          Files.newOutputStream(tmp), 1 << 20))) {
        out.write(MAGIC);
        out.writeUTF(variant);
        out.writeInt(values.size());
        for (Value v : values) {
          out.writeUTF(v.output());
          out.writeUTF(v.opType());
          out.writeByte(v.tensor().float64() ? 2 : 1);
          out.writeInt(v.tensor().shape().length);
          for (long d : v.tensor().shape()) {
            out.writeLong(d);
          }
          out.writeInt(v.tensor().bytes().length);
          out.write(v.tensor().bytes());
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new TensorCaptureException(file + ": cannot write (" + e.getMessage() + ")", e);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // the failure to write is what is reported
      }
    }
  }

  /** The capture in {@code file}. */
  public static Capture read(Path file) {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(
        Files.newInputStream(file), 1 << 20))) {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw notValues(file, "it does not start with '" + new String(MAGIC, 0,
            MAGIC.length - 1, StandardCharsets.US_ASCII) + "'");
      }
      String variant = in.readUTF();
      int n = in.readInt();
      if (n < 0 || n > 100_000) {
        throw notValues(file, "tensor count " + n);
      }
      Map<String, RawTensor> tensors = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        in.readUTF(); // op type: for a reader of the file
        int dtype = in.readByte();
        int rank = in.readInt();
        if ((dtype != 1 && dtype != 2) || rank < 0 || rank > 8) {
          throw notValues(file, "tensor " + (i + 1) + " (" + name + ") has dtype " + dtype
              + " and rank " + rank);
        }
        long[] shape = new long[rank];
        long elements = 1;
        for (int d = 0; d < rank; d++) {
          shape[d] = in.readLong();
          elements = shape[d] < 0 || shape[d] > Integer.MAX_VALUE ? -1 : elements * shape[d];
          if (elements < 0 || elements > Integer.MAX_VALUE) {
            throw notValues(file, "tensor " + (i + 1) + " (" + name + ") has a bad shape");
          }
        }
        int bytes = in.readInt();
        if (bytes != elements * (dtype == 2 ? 8 : 4)) {
          throw notValues(file, "tensor " + (i + 1) + " (" + name + ") has " + bytes
              + " bytes for " + elements + " elements");
        }
        byte[] b = new byte[bytes];
        in.readFully(b);
        tensors.put(name, new RawTensor(dtype == 2, shape, b));
      }
      if (in.read() != -1) {
        throw notValues(file, "bytes after its last tensor");
      }
      return new Capture(variant, tensors);
    } catch (EOFException e) {
      throw notValues(file, "it ends early");
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new TensorCaptureException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  private static TensorCaptureException notValues(Path file, String why) {
    return new TensorCaptureException(file + ": not a file of bench --tensors-values (" + why
        + ")", null);
  }

  /**
   * Prints each node of the replay ({@code node}, op type, {@code equal}, {@code differs (K of N
   * elements)} or {@code skipped (why)}), then per op type how many nodes are equal, differ and
   * were skipped.
   */
  public static void print(List<Replayed> replayed, PrintWriter out) {
    Map<String, int[]> perType = new TreeMap<>();
    for (Replayed r : replayed) {
      String status = switch (r.status()) {
        case EQUAL -> "equal";
        case DIFFERS -> "differs (" + r.differing() + " of " + r.elements() + " elements)";
        case SKIPPED -> "skipped (" + r.reason() + ")";
      };
      out.printf("%s\t%s\t%s%n", r.node(), r.opType(), status);
      perType.computeIfAbsent(r.opType(), k -> new int[3])[r.status().ordinal()]++;
    }
    out.println("op type\tequal\tdiffers\tskipped");
    perType.forEach((type, n) -> out.printf("%s\t%d\t%d\t%d%n", type, n[0], n[1], n[2]));
  }

  /** The file's tensors, checked to be {@code variant}'s. */
  static Map<String, RawTensor> of(Path file, String variant) {
    Capture c = read(file);
    if (!c.variant().equals(variant)) {
      throw new TensorCaptureException(file + ": holds the step of " + c.variant() + ", not of "
          + variant, null);
    }
    return c.tensors();
  }

  /** {@link StepReplay#replay}'s refusal, naming the file. */
  static TensorCaptureException notTheGraph(Path file, IllegalArgumentException e) {
    return new TensorCaptureException(file + ": " + e.getMessage(), e);
  }
}
