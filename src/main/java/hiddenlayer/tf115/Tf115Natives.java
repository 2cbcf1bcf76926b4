package hiddenlayer.tf115;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * TF 1.15's natives for this platform, unpacked once from {@code libtensorflow_jni-1.15.0.jar}
 * into a cache directory. TF 1.15's own {@code NativeLibrary.load} first tries {@code
 * System.loadLibrary("tensorflow_jni")} on {@code java.library.path} and only then unpacks the
 * jar's copy into a fresh temporary directory, 190 MB on every start: pointing {@code
 * java.library.path} at the cache takes it down the first path.
 */
final class Tf115Natives {
  private Tf115Natives() {}

  /**
   * The cache directory holding this platform's natives, unpacked now if need be; null if they
   * cannot be (no build for this platform in the jar, a cache that cannot be written): TF 1.15
   * then unpacks them itself.
   */
  static Path unpacked(Path jniJar) {
    String platform = platform();
    Path dir = cacheRoot().resolve("libtensorflow_jni-" + Tf115Runtime.VERSION)
        .resolve(platform);
    String prefix = "org/tensorflow/native/" + platform + "/";
    try (ZipFile zip = new ZipFile(jniJar.toFile())) {
      List<ZipEntry> entries = new ArrayList<>();
      zip.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(prefix))
          .forEach(entries::add);
      if (entries.isEmpty()) {
        return null;
      }
      if (complete(dir, entries, prefix)) {
        return dir;
      }
      Files.createDirectories(dir.getParent());
      Path tmp = Files.createTempDirectory(dir.getParent(), platform + ".unpacking-");
      try {
        for (ZipEntry e : entries) {
          try (InputStream in = zip.getInputStream(e)) {
            Files.copy(in, tmp.resolve(e.getName().substring(prefix.length())));
          }
        }
        if (Files.exists(dir) && !complete(dir, entries, prefix)) {
          deleteTree(dir); // a copy that lost a file since
        }
        try {
          Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
          // another process unpacked them meanwhile
        }
      } finally {
        deleteTree(tmp);
      }
      return complete(dir, entries, prefix) ? dir : null;
    } catch (IOException | UncheckedIOException | SecurityException e) {
      return null;
    }
  }

  private static boolean complete(Path dir, List<ZipEntry> entries, String prefix)
      throws IOException {
    for (ZipEntry e : entries) {
      Path f = dir.resolve(e.getName().substring(prefix.length()));
      if (!Files.isRegularFile(f) || Files.size(f) != e.getSize()) {
        return false;
      }
    }
    return true;
  }

  /** TF 1.15's name for this platform's directory in the jar, e.g. {@code linux-x86_64}. */
  static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") || os.startsWith("darwin")
        ? "darwin" : os.startsWith("windows") ? "windows" : os;
    String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch;
    return o + "-" + a;
  }

  /** {@code -Dhiddenlayer.tf115.cache}, else {@code ~/.cache/hidden-layer-stabilization}. */
  private static Path cacheRoot() {
    String override = System.getProperty(Tf115Runtime.CACHE_PROPERTY);
    if (override != null) {
      return Path.of(override);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "hidden-layer-stabilization");
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
