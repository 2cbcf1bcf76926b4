package hiddenlayer.tf1.savedmodel;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.proto.SavedModel;

/**
 * {@code saved_model_utils.read_saved_model}: a SavedModel directory's {@code saved_model.pb},
 * or, when there is none, its {@code saved_model.pbtxt} ({@code
 * tensorflow/python/tools/saved_model_utils.py}: the binary file is tried first).
 */
public final class SavedModelFiles {
  /** {@code constants.SAVED_MODEL_FILENAME_PB}. */
  public static final String PB = "saved_model.pb";
  /** {@code constants.SAVED_MODEL_FILENAME_PBTXT}. */
  public static final String PBTXT = "saved_model.pbtxt";
  /** {@code constants.VARIABLES_DIRECTORY}. */
  public static final String VARIABLES_DIRECTORY = "variables";
  /** {@code constants.VARIABLES_FILENAME}: the checkpoint prefix inside {@code variables/}. */
  public static final String VARIABLES_FILENAME = "variables";

  private SavedModelFiles() {}

  /** The SavedModel in directory {@code dir}. */
  public static SavedModel read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new SavedModelException(dir + (Files.exists(dir)
          ? ": not a directory (a SavedModel is a directory holding saved_model.pb)"
          : ": no such directory"));
    }
    Path pb = dir.resolve(PB);
    Path pbtxt = dir.resolve(PBTXT);
    if (Files.isRegularFile(pb)) {
      SavedModel m;
      try {
        m = SavedModel.parseFrom(bytes(pb));
      } catch (InvalidProtocolBufferException e) {
        throw new SavedModelException(pb + ": not a SavedModel ("
            + e.getMessage().replaceAll("\\s*\\R\\s*", " ") + ")", e);
      }
      return checked(m, pb);
    }
    if (Files.isRegularFile(pbtxt)) {
      SavedModel.Builder b = SavedModel.newBuilder();
      try {
        TextFormat.getParser().merge(new String(bytes(pbtxt), StandardCharsets.UTF_8), b);
      } catch (TextFormat.ParseException e) {
        throw new SavedModelException(pbtxt + ": not a SavedModel as protobuf text ("
            + e.getMessage().replaceAll("\\s*\\R\\s*", " ") + ")", e);
      }
      return checked(b.build(), pbtxt);
    }
    throw new SavedModelException(dir + ": not a SavedModel (no " + PB + " or " + PBTXT + ")");
  }

  private static SavedModel checked(SavedModel m, Path file) {
    if (m.getMetaGraphsCount() == 0) {
      throw new SavedModelException(file + ": not a SavedModel (no meta graph)");
    }
    return m;
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (AccessDeniedException e) {
      throw new SavedModelException(file + ": permission denied", e);
    } catch (IOException e) {
      throw new SavedModelException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }
}
