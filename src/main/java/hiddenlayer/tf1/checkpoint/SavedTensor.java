package hiddenlayer.tf1.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A tensor a Saver restores: its checkpoint key, its dtype (Python's name) and its shape (null
 * when the graph does not say). {@link #check} is what a restore checks first, so that a
 * checkpoint of another graph is refused naming the variable, before TensorFlow's own error.
 */
public record SavedTensor(String name, String dtype, long[] shape) {

  /** Whether every tensor of {@code saved} is in checkpoint {@code savePath} as the graph has it. */
  public static void check(String savePath, List<SavedTensor> saved) {
    CheckpointReader reader = CheckpointReader.open(savePath);
    Map<String, CheckpointReader.Entry> entries = reader.entries();
    for (SavedTensor s : saved) {
      CheckpointReader.Entry e = entries.get(s.name());
      if (e == null) {
        List<String> missing = missing(saved, entries);
        throw new CheckpointException(savePath + ": has no variable"
            + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
            + ", which the graph needs (the checkpoint holds " + summary(entries) + ")");
      }
      if (!e.dtype().equals(s.dtype())) {
        throw new CheckpointException(savePath + ": variable " + s.name() + " is " + e.dtype()
            + " in the checkpoint but " + s.dtype() + " in the graph");
      }
      if (s.shape() != null && !Arrays.equals(e.shape(), s.shape())) {
        throw new CheckpointException(savePath + ": variable " + s.name() + " has shape "
            + Arrays.toString(e.shape()) + " in the checkpoint but "
            + Arrays.toString(s.shape()) + " in the graph");
      }
    }
  }

  /**
   * The saved tensors {@code entries} lacks, in byte order of their names: the order of
   * TensorFlow's own list of the keys a checkpoint is missing.
   */
  private static List<String> missing(List<SavedTensor> saved,
      Map<String, CheckpointReader.Entry> entries) {
    return saved.stream().map(SavedTensor::name).filter(n -> !entries.containsKey(n))
        .distinct()
        .sorted((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
            b.getBytes(StandardCharsets.UTF_8)))
        .toList();
  }

  private static String summary(Map<String, CheckpointReader.Entry> entries) {
    List<String> names = new ArrayList<>(entries.keySet());
    String shown = String.join(", ", names.subList(0, Math.min(names.size(), 4)));
    return names.size() + " tensors: " + shown + (names.size() > 4 ? ", ..." : "");
  }
}
