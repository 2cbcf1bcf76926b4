package hiddenlayer.train;

import java.util.List;
import java.util.Map;

/**
 * The names by which cell 5's loop runs a graph: what it feeds ({@code x}, {@code y}, {@code
 * training}), fetches ({@code loss}, {@code accuracy}) and runs ({@code train_op}, and the
 * initializers {@code tf.global_variables_initializer()} groups). Tensor names are {@code
 * op:index}; {@link #trainOp} and {@link #initializers} are op names. A session resolves them
 * once, when it opens.
 */
public record LoopTensors(String x, String y, String training, String loss, String accuracy,
    String trainOp, List<String> initializers) {

  /** One of the names, with the name TF1 gives it in the notebook's graph. */
  public enum Role {
    X("x", "Placeholder"),
    Y("y", "Placeholder_1"),
    TRAINING("training", "Placeholder_2"),
    LOSS("loss", "Mean"),
    ACCURACY("accuracy", "truediv"),
    /** Its default is the one op of the {@code train_op} collection. */
    TRAIN_OP("train_op", null);

    private final String key;
    private final String notebookName;

    Role(String key, String notebookName) {
      this.key = key;
      this.notebookName = notebookName;
    }

    /** The notebook's variable name: {@code x}, {@code train_op}. */
    public String key() {
      return key;
    }

    /**
     * The op TF1 names this tensor in the notebook's graph ({@code x =
     * tf.placeholder(tf.float32, ...)} is the graph's first placeholder, {@code Placeholder}); null
     * for the train op, found in its collection.
     */
    public String notebookName() {
      return notebookName;
    }
  }

  public LoopTensors {
    initializers = List.copyOf(initializers);
  }

  /** The name of {@code role}. */
  public String name(Role role) {
    return switch (role) {
      case X -> x;
      case Y -> y;
      case TRAINING -> training;
      case LOSS -> loss;
      case ACCURACY -> accuracy;
      case TRAIN_OP -> trainOp;
    };
  }

  /** The names of a graph: each role's from {@code names}, the initializers given. */
  static LoopTensors of(Map<Role, String> names, List<String> initializers) {
    return new LoopTensors(tensor(names.get(Role.X)), tensor(names.get(Role.Y)),
        tensor(names.get(Role.TRAINING)), tensor(names.get(Role.LOSS)),
        tensor(names.get(Role.ACCURACY)), op(names.get(Role.TRAIN_OP)), initializers);
  }

  /** {@code name} as a tensor name: {@code op} is its output 0. */
  static String tensor(String name) {
    return name.matches(".*:\\d+") ? name : name + ":0";
  }

  /** {@code name} as an op name: {@code op:0} and {@code ^op} are {@code op}. */
  static String op(String name) {
    return hiddenlayer.tf1.MetaGraphImport.opName(name);
  }
}
