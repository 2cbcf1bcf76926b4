package hiddenlayer.cli;

import hiddenlayer.UserException;
import hiddenlayer.tf1.checkpoint.CheckpointLockedException;
import hiddenlayer.tf115.Tf115Exception;
import hiddenlayer.train.DeviceException;
import hiddenlayer.train.DivergenceException;
import hiddenlayer.train.MetaGraphRunException;

/**
 * The one line a user error prints after {@code error: }: the lower layers' messages name
 * files, values and reasons; here they gain the options a user can change.
 */
final class UserMessages {
  private UserMessages() {}

  static String of(UserException e) {
    if (e instanceof DivergenceException d) {
      return d.getMessage() + "; try a smaller --lr than " + d.learningRate();
    }
    if (e instanceof DeviceException d) {
      return "--device gpu: " + d.getMessage() + ", or use --device cpu";
    }
    if (e instanceof CheckpointLockedException) {
      return "--save-checkpoint " + e.getMessage();
    }
    if (e instanceof MetaGraphRunException m) {
      return switch (m.kind()) {
        case MISSING_TENSOR -> m.getMessage() + "; name it with --tensors " + m.role().key()
            + "=NAME";
        case NO_SAVER -> "--meta-graph " + m.getMessage();
        case FAILED -> m.getMessage();
      };
    }
    if (e instanceof Tf115Exception t && t.kind() != Tf115Exception.Kind.FAILED) {
      return "--runtime tf1: " + t.getMessage(); // whether chosen or run by report
    }
    return e.getMessage();
  }
}
