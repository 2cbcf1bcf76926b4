package hiddenlayer.tf115;

import hiddenlayer.UserException;

/** TF 1.15's runtime refused the graph, failed a request, or is not there. */
public final class Tf115Exception extends UserException {
  public Tf115Exception(String message) {
    super(message);
  }

  public Tf115Exception(String message, Throwable cause) {
    super(message, cause);
  }
}
