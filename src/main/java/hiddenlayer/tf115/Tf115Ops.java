package hiddenlayer.tf115;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.tensorflow.proto.OpList;

/**
 * TF 1.15.0's own OpDefs for the op types this project's graphs use, bundled ({@code
 * hiddenlayer/tf115/ops.pb}, a binary {@code OpList}: read in milliseconds, where its text form
 * takes half a second), so that a TF 2.18 process can write what TF 1.15 reads
 * ({@link Tf115GraphDef#forTf115(org.tensorflow.proto.GraphDef, OpList)}, a MetaGraphDef's
 * {@code stripped_op_list}) without starting TF 1.15. Each OpDef is TF 1.15's registry's, as
 * its runtime reports it; a test compares them with the runtime's.
 */
public final class Tf115Ops {
  private Tf115Ops() {}

  /**
   * Op types bundled beyond those of the notebook's graphs: what a SavedModel's sharded Saver
   * adds ({@code saver.py} {@code _AddShardedSaveOpsForV2}) and a serving signature may use.
   */
  public static final List<String> EXTRA = List.of("StringJoin", "ShardedFilename",
      "MergeV2Checkpoints", "Softmax", "Identity", "NoOp", "Const", "Placeholder",
      "PlaceholderWithDefault", "ArgMax", "Cast");

  /**
   * {@code TF_GRAPH_DEF_VERSION} of TF 1.15.0 ({@code core/public/version.h} line 111), the
   * {@code versions.producer} of every GraphDef it writes ({@code min_consumer} 0, line 110).
   */
  public static final int GRAPH_DEF_VERSION = 134;

  private static final class Holder {
    static final OpList OPS = read();
  }

  /** The bundled OpDefs, read once. */
  public static OpList bundled() {
    return Holder.OPS;
  }

  private static OpList read() {
    try (InputStream in = Tf115Ops.class.getResourceAsStream("/hiddenlayer/tf115/ops.pb")) {
      if (in == null) {
        throw new IllegalStateException("hiddenlayer/tf115/ops.pb is missing from the jar");
      }
      return OpList.parseFrom(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
