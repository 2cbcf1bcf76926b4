package hiddenlayer.report;

import hiddenlayer.train.EvalRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The hand-written fixtures under src/test/resources/hiddenlayer/report. */
final class Fixtures {
  private Fixtures() {}

  /** The five rows typed into every python-run fixture (a plausible BN run, epochs 10..50). */
  static final List<EvalRecord> PYTHON_ROWS = List.of(
      new EvalRecord(10, 0.4521, 0.6012, 0.5893, 0.8740, 0.8200, 0.8295),
      new EvalRecord(20, 0.2013, 0.4870, 0.4712, 0.9510, 0.8600, 0.8601),
      new EvalRecord(30, 0.0987, 0.4431, 0.4405, 0.9830, 0.8800, 0.8712),
      new EvalRecord(40, 0.0512, 0.4390, 0.4378, 0.9950, 0.8900, 0.8745),
      new EvalRecord(50, 0.0301, 0.4402, 0.4391, 0.9990, 0.8800, 0.8760));

  static Path path(String name) {
    return Path.of("src/test/resources/hiddenlayer/report", name);
  }

  static Path write(Path dir, String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
