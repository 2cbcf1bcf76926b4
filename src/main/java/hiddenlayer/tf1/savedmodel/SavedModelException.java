package hiddenlayer.tf1.savedmodel;

import hiddenlayer.UserException;

/** A directory that holds no readable SavedModel, or one that cannot be exported to. */
public final class SavedModelException extends UserException {
  public SavedModelException(String message) {
    super(message);
  }

  public SavedModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
