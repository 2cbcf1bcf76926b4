package hiddenlayer.graph;

import hiddenlayer.UserException;

/** A file that is not a TF1 GraphDef, MetaGraphDef or SavedModel {@code graph} can read. */
public final class GraphFileException extends UserException {
  public GraphFileException(String message) {
    super(message);
  }

  public GraphFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
